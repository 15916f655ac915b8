using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace SparseGen.Backends.Device;

/// <summary>Maps the short library names of the GPU bindings to the files each platform installs.</summary>
internal static class NativeLibraries
{
    public const string OpenCL = "OpenCL";
    public const string Cuda = "cuda";
    public const string Nvrtc = "nvrtc";

    private static int s_registered;

    private static readonly string[] OpenClFiles = ["libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll", "/System/Library/Frameworks/OpenCL.framework/OpenCL"];
    private static readonly string[] CudaFiles = ["libcuda.so.1", "libcuda.so", "nvcuda.dll"];
    private static readonly string[] NvrtcFiles =
    [
        "libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
        "/usr/local/cuda/lib64/libnvrtc.so", "nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll",
    ];

    public static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    /// <summary>The files tried for <paramref name="name"/>, for messages.</summary>
    public static string Candidates(string name) => string.Join(", ", Files(name));

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        foreach (string file in Files(name))
        {
            if (NativeLibrary.TryLoad(file, assembly, path, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private static string[] Files(string name) => name switch
    {
        OpenCL => OpenClFiles,
        Cuda => CudaFiles,
        Nvrtc => NvrtcFiles,
        _ => [name],
    };
}
