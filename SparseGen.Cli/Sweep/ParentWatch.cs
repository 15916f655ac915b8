using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Watches the <c>sweep run</c> that started a point process (<c>sweep point --parent PID</c>) and cancels the point's
/// work when it has ended, however it ended (SIGKILL leaves it no chance to stop its children): the point then stops
/// after its current batch and marks itself abandoned, as on SIGTERM. Checked every <see cref="Interval"/>. On Unix the
/// test is that this process's parent is no longer <c>PID</c> (an orphan is re-parented), which a new process that reuses
/// the id cannot fake; elsewhere that the process <c>PID</c>, started before this one, has exited.
/// </summary>
internal sealed class ParentWatch : IDisposable
{
    /// <summary>How often the parent is checked.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly int _parent;
    private readonly CancellationTokenSource _stop;
    private readonly Timer _timer;
    private readonly DateTime? _parentStart;
    private int _ended;

    private ParentWatch(int parent, CancellationTokenSource stop)
    {
        _parent = parent;
        _stop = stop;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using Process p = Process.GetProcessById(parent);
                _parentStart = p.StartTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                _parentStart = null;
            }
        }

        _timer = new Timer(_ => Check(), null, TimeSpan.Zero, Interval);
    }

    /// <summary>Whether the parent was found ended (and the work cancelled).</summary>
    public bool ParentEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Starts watching process <paramref name="parent"/>; cancels <paramref name="stop"/> once it has ended.</summary>
    public static ParentWatch Start(int parent, CancellationTokenSource stop) => new(parent, stop);

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (ParentEnded || Alive())
        {
            return;
        }

        Volatile.Write(ref _ended, 1);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The point has finished meanwhile.
        }
    }

    private bool Alive()
    {
        if (!OperatingSystem.IsWindows())
        {
            return GetParentId() == _parent;
        }

        try
        {
            using Process p = Process.GetProcessById(_parent);
            return !p.HasExited && _parentStart is { } start && p.StartTime == start;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentId();
}
