using System;
using System.Diagnostics;

namespace SparseGen.Benchmarks;

/// <summary>
/// Medians of many short timed calls, for the quick commands: a median ignores the calls that another process on
/// a shared core interrupted, so a loaded machine still gives stable figures (compare them within one run).
/// </summary>
internal static class Timing
{
    /// <summary>The median of <paramref name="runs"/> timed calls of <paramref name="action"/> after <paramref name="warmUp"/> untimed ones, in microseconds.</summary>
    public static double MedianMicroseconds(Action action, int runs, int warmUp)
    {
        for (int k = 0; k < warmUp; k++)
        {
            action();
        }

        var ticks = new long[runs];
        for (int k = 0; k < runs; k++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            ticks[k] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(ticks);
        return ticks[runs / 2] * 1e6 / Stopwatch.Frequency;
    }

    /// <summary>The load average line of /proc/loadavg, or "unknown".</summary>
    public static string LoadAverage() =>
        System.IO.File.Exists("/proc/loadavg") ? string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";
}
