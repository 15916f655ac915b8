using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Stops a child point process as a scheduler would: SIGTERM first (the point stops after its current batch and
/// marks itself abandoned), then, if it is still running after <see cref="GracePeriod"/>, a kill of its process tree.
/// </summary>
internal static partial class ChildStop
{
    /// <summary>How long a signalled child has to stop before it is killed.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    private const int SigTerm = 15; // the same number on Linux and macOS

    /// <summary>Signals <paramref name="process"/>, waits up to <see cref="GracePeriod"/>, then kills it; returns when it has exited.</summary>
    public static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(process.Id, SigTerm); // fails only when it has just exited
        }

        Task exited = process.WaitForExitAsync();
        if (OperatingSystem.IsWindows() || await Task.WhenAny(exited, Task.Delay(GracePeriod)) != exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }

        await exited;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
