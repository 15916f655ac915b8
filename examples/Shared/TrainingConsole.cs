using System;
using SparseGen.Ilgpu;

namespace SparseGen.Examples;

/// <summary>What the training examples share on the console: opening the device and the progress display of a run (the library's).</summary>
internal static class TrainingConsole
{
    /// <summary>Opens the accelerator <c>--device</c> names (null for <c>cpu</c>); when there is none prints one <c>error:</c> line and returns false.</summary>
    public static bool TryOpen(string device, out IlgpuBackend? accelerator)
    {
        accelerator = null;
        IlgpuDevice kind = device switch { "ilgpu-cpu" => IlgpuDevice.Cpu, "cuda" => IlgpuDevice.Cuda, _ => IlgpuDevice.OpenCL };
        if (device == "cpu" || IlgpuBackend.TryCreate(kind, out accelerator, out string reason))
        {
            return true;
        }

        Console.Error.WriteLine($"error: {reason}");
        return false;
    }

    /// <summary>
    /// The library's progress display (<see cref="ConsoleProgress"/>) as the examples use it: a bar per epoch in a
    /// terminal, one line per epoch when the output is redirected (so logs keep every epoch); <paramref name="detail"/>
    /// adds to each epoch's line.
    /// </summary>
    public static ConsoleProgress Progress(Func<EpochResult, string>? detail = null) =>
        new(Console.IsOutputRedirected ? Verbosity.EpochLines : Verbosity.ProgressBar, detail: detail);
}
