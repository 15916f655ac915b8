using System;
using System.Diagnostics;

namespace SparseGen.Benchmarks;

/// <summary>
/// Medians of many short timed calls, for the quick commands: a median ignores the calls that another process on
/// a shared core interrupted, so a loaded machine still gives stable figures (compare them within one run).
/// </summary>
internal static class Timing
{
    /// <summary>Warm-up lasts at least this long, so the tiered JIT has promoted every method the action calls to optimised code (it waits for 100 ms without new first calls).</summary>
    private static readonly TimeSpan MinimumWarmUp = TimeSpan.FromSeconds(0.5);

    /// <summary>The median of <paramref name="runs"/> timed calls of <paramref name="action"/> after at least <paramref name="warmUp"/> untimed ones and half a second, in microseconds.</summary>
    public static double MedianMicroseconds(Action action, int runs, int warmUp)
    {
        var clock = Stopwatch.StartNew();
        for (int k = 0; k < warmUp || clock.Elapsed < MinimumWarmUp; k++)
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
