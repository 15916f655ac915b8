using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SparseGen.Tests.Numerics;
using Xunit;
using SparseGen.Backends.Device;
using SparseGen.Kernels.Generic;

namespace SparseGen.Tests.Gpu;

/// <summary>
/// The CUDA side of the kernel texts, checked without an NVIDIA GPU: clang's CUDA front end compiles each text to
/// PTX (device code only, no CUDA headers; a shim declares what NVRTC provides built in) and every kernel must
/// come out as an unmangled entry. This proves the CUDA dialect compiles, not that it runs.
/// </summary>
public sealed class CudaDialectTests
{
    private const string Shim = """
        #define __global__ __attribute__((global))
        #define __device__ __attribute__((device))
        #define __shared__ __attribute__((shared))
        #define __syncthreads() __nvvm_bar_sync(0)
        #include <__clang_cuda_builtin_vars.h>
        extern "C" __device__ float expf(float);
        extern "C" __device__ float tanhf(float);
        extern "C" __device__ float sqrtf(float);
        __device__ bool isfinite(float);
        """;

    internal static readonly string? Clang = new[] { "/usr/bin/clang-14", "/usr/bin/clang" }.FirstOrDefault(File.Exists);

    [ClangFact]
    public void Every_kernel_text_compiles_as_cuda_to_ptx()
    {
        var sources = new[] { new EveryPattern(), (ISparseModel)new ExplicitStrategies() }
            .SelectMany(m => m.Layers.Select(l => (l.Name, l.Kernel.DeviceSource.Text, Kernels: new[] { "forward", "backward_input", "weight_gradient", "weight_gradient_reduce", "bias_gradient" })))
            .Append(("generic", new EllLayerKernel(SparseGen.Topology.Create(ConnectivityPattern.Uniform, 20, 9, 0.3, 1)).DeviceSource.Text, ["forward", "backward_input", "weight_gradient", "weight_gradient_reduce", "bias_gradient"]))
            .Append(("runtime", DeviceRuntimeKernels.Source, ["activate", "softmax", "dropout", "activation_backward", "softmax_backward", "sgd_step", "momentum_step", "moment_step"]));
        string clang = Clang!;
        string folder = Directory.CreateTempSubdirectory("sparsegen-cuda").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "shim.h"), Shim);
            foreach (var (name, text, kernels) in sources)
            {
                string source = Path.Combine(folder, name + ".cu"), ptx = Path.ChangeExtension(source, ".ptx");
                File.WriteAllText(source, text);
                var run = Process.Start(new ProcessStartInfo(clang, ["-x", "cuda", "--cuda-device-only", "--cuda-gpu-arch=sm_80", "-nocudainc", "-nocudalib",
                    "-include", Path.Combine(folder, "shim.h"), "-S", "-o", ptx, source]) { RedirectStandardError = true })!;
                string errors = run.StandardError.ReadToEnd();
                run.WaitForExit();
                Assert.True(run.ExitCode == 0, $"{name}: {errors}");
                string[] entries = File.ReadAllLines(ptx).Where(l => l.StartsWith(".visible .entry ", StringComparison.Ordinal)).ToArray();
                Assert.All(kernels, k => Assert.Contains(entries, e => e.StartsWith($".visible .entry {k}(", StringComparison.Ordinal)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A fact that needs clang (for its CUDA front end); skipped, saying so, where there is none.</summary>
public sealed class ClangFactAttribute : FactAttribute
{
    public ClangFactAttribute()
    {
        if (CudaDialectTests.Clang is null)
        {
            Skip = "clang is not installed (/usr/bin/clang-14 or /usr/bin/clang), so the CUDA dialect cannot be compiled here.";
        }
    }
}
