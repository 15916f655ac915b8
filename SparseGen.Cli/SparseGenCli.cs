using System.CommandLine;
using System.IO;
using System.Threading;
using SparseGen.Cli.Commands;
using SparseGen.CommandLine;

namespace SparseGen.Cli;

/// <summary>
/// The <c>sparsegen</c> command line: <c>train</c>, <c>explore</c>, <c>sweep</c> and <c>export</c>. Exit codes
/// (<see cref="ExitCodes"/>): 0 success; 1 the work failed (a data file is unreadable, training diverged, a sweep
/// point failed); 2 a bad value on the command line or in a grid file, reported as one line on stderr before any work
/// starts; 130 interrupted. Errors follow <see cref="Conventions.Sparsegen"/>.
/// </summary>
public static class SparseGenCli
{
    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand Create() => new("SparseGen's research commands: train one network, explore a topology, run and merge sweeps of experiments, export a checkpoint as ONNX.")
    {
        TrainCommand.Create(),
        ExploreCommand.Create(),
        SweepCommand.Create(),
        ExportCommand.Create(),
    };

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go, one line each.</param>
    /// <param name="cancellationToken">Stops the work (the program cancels it on SIGINT and SIGTERM); training stops after the current batch.</param>
    /// <returns>The exit code: 0, <see cref="ExitCodes.Failure"/>, <see cref="ExitCodes.UsageError"/> or <see cref="ExitCodes.Interrupted"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        Conventions.Sparsegen.Run(Create(), args, output, error, cancellationToken);
}
