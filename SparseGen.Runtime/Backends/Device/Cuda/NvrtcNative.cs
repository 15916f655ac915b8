using System.Runtime.InteropServices;

namespace SparseGen.Backends.Device.Cuda;

/// <summary>The NVRTC calls that compile CUDA C++ text to PTX at run time (NVIDIA, "NVRTC User Guide").</summary>
internal static unsafe partial class NvrtcNative
{
    public const int Success = 0;

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcCreateProgram(nint* program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcCompileProgram(nint program, int optionCount, byte** options);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLogSize(nint program, nuint* size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTXSize(nint program, nuint* size);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcGetPTX(nint program, byte* ptx);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial int nvrtcDestroyProgram(nint* program);

    [LibraryImport(NativeLibraries.Nvrtc)]
    public static partial byte* nvrtcGetErrorString(int result);

    /// <summary>Throws <see cref="DeviceException"/> naming <paramref name="call"/> when <paramref name="status"/> is not NVRTC_SUCCESS.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success)
        {
            throw new DeviceException($"NVRTC {call} failed with {Marshal.PtrToStringUTF8((nint)nvrtcGetErrorString(status))} ({status}).");
        }
    }
}
