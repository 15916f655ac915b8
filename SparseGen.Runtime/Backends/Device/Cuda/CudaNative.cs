using System.Runtime.InteropServices;

namespace SparseGen.Backends.Device.Cuda;

/// <summary>The CUDA driver API calls SparseGen uses (NVIDIA, "CUDA Driver API"), bound from libcuda.</summary>
internal static unsafe partial class CudaNative
{
    public const int Success = 0;
    public const int ComputeCapabilityMajor = 75;
    public const int ComputeCapabilityMinor = 76;

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuInit(uint flags);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuDeviceGetCount(int* count);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuDeviceGet(int* device, int ordinal);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuDeviceGetName(byte* name, int length, int device);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuDeviceGetAttribute(int* value, int attribute, int device);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuDevicePrimaryCtxRetain(nint* context, int device);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuDevicePrimaryCtxRelease_v2")]
    public static partial int cuDevicePrimaryCtxRelease(int device);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuCtxSetCurrent(nint context);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuCtxSynchronize();

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuModuleLoadData(nint* module, void* image);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuModuleUnload(nint module);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuModuleGetFunction(nint* function, nint module, byte* name);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemAlloc_v2")]
    public static partial int cuMemAlloc(ulong* pointer, nuint bytes);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemFree_v2")]
    public static partial int cuMemFree(ulong pointer);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemcpyHtoD_v2")]
    public static partial int cuMemcpyHtoD(ulong destination, void* source, nuint bytes);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemcpyDtoH_v2")]
    public static partial int cuMemcpyDtoH(void* destination, ulong source, nuint bytes);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemcpyDtoD_v2")]
    public static partial int cuMemcpyDtoD(ulong destination, ulong source, nuint bytes);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuMemsetD8_v2")]
    public static partial int cuMemsetD8(ulong destination, byte value, nuint count);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuLaunchKernel(nint function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, nint stream, void** parameters, void** extra);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuEventCreate(nint* evt, uint flags);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuEventRecord(nint evt, nint stream);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuEventSynchronize(nint evt);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuEventElapsedTime(float* milliseconds, nint start, nint end);

    [LibraryImport(NativeLibraries.Cuda, EntryPoint = "cuEventDestroy_v2")]
    public static partial int cuEventDestroy(nint evt);

    [LibraryImport(NativeLibraries.Cuda)]
    public static partial int cuGetErrorName(int error, byte** name);

    /// <summary>Throws <see cref="DeviceException"/> naming <paramref name="call"/> when <paramref name="status"/> is not CUDA_SUCCESS.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success)
        {
            byte* name = null;
            string text = cuGetErrorName(status, &name) == Success && name != null ? Marshal.PtrToStringUTF8((nint)name) ?? "" : "a CUDA error";
            throw new DeviceException($"CUDA {call} failed with {text} ({status}).");
        }
    }
}
