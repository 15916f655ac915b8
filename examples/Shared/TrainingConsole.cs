using System;

namespace SparseGen.Examples;

/// <summary>What the training examples share on the console: the progress display of a run (the library's).</summary>
internal static class TrainingConsole
{
    /// <summary>
    /// The library's progress display (<see cref="ConsoleProgress"/>) as the examples use it: a bar per epoch in a
    /// terminal, one line per epoch when the output is redirected (so logs keep every epoch); <paramref name="detail"/>
    /// adds to each epoch's line.
    /// </summary>
    public static ConsoleProgress Progress(Func<EpochResult, string>? detail = null) =>
        new(Console.IsOutputRedirected ? Verbosity.EpochLines : Verbosity.ProgressBar, detail: detail);
}
