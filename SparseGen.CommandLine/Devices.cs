using System.CommandLine;
using SparseGen.Backends;
using SparseGen.Ilgpu;

namespace SparseGen.CommandLine;

/// <summary>
/// The one way every command line chooses where training runs: <c>--device cpu|ilgpu-cpu|cuda|opencl</c>. The device
/// is opened before any data loads, so an absent one costs nothing: a <see cref="UsageException"/> that
/// <see cref="Conventions.Run"/> reports as one line and exit code 2.
/// </summary>
public static class Devices
{
    /// <summary>The values of <c>--device</c>.</summary>
    public static string[] Names { get; } = ["cpu", "ilgpu-cpu", "cuda", "opencl"];

    /// <summary>The <c>--device</c> option, <c>cpu</c> by default.</summary>
    public static Option<string> Option() => ValueOptions.Choice("--device",
        "Where training steps run: cpu (SIMD kernels on the host's threads); ilgpu-cpu, ILGPU's CPU accelerator (slow; it checks the device path without a GPU); cuda, the first NVIDIA GPU; opencl, the first OpenCL 2.0+ device.",
        "cpu", Names);

    /// <summary>Opens the accelerator <paramref name="name"/> names, or returns null for <c>cpu</c>.</summary>
    /// <exception cref="UsageException">There is no such device here; the message says why and what to use instead.</exception>
    public static IlgpuBackend? Open(string name)
    {
        IlgpuDevice? kind = name switch
        {
            "cpu" => null,
            "ilgpu-cpu" => IlgpuDevice.Cpu,
            "cuda" => IlgpuDevice.Cuda,
            "opencl" => IlgpuDevice.OpenCL,
            _ => throw new UsageException($"--device: '{name}' is not one of {string.Join(", ", Names)}."),
        };
        if (kind is null)
        {
            return null;
        }

        return IlgpuBackend.TryCreate(kind.Value, out IlgpuBackend? backend, out string reason)
            ? backend
            : throw new UsageException($"--device {name}: {reason}");
    }

    /// <summary>How a run's log names where it trains: the accelerator, or the CPU with its threads.</summary>
    public static string Describe(IBackend? backend, int threads) => backend?.Name ?? $"the CPU ({threads} threads)";
}
