namespace SparseGen.CommandLine;

/// <summary>The exit codes of the <c>sparsegen</c> tool and of the examples.</summary>
public static class ExitCodes
{
    /// <summary>The work is done.</summary>
    public const int Success = 0;

    /// <summary>The work failed: a data file is unreadable or malformed, training diverged, a device failed, an output could not be written.</summary>
    public const int Failure = 1;

    /// <summary>A bad value on the command line (or in a file that stands for one, such as a grid file), reported as one line before any work starts.</summary>
    public const int UsageError = 2;

    /// <summary>The work was stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C).</summary>
    public const int Interrupted = 130;
}
