using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using SparseGen.Cli.Commands;

namespace SparseGen.Cli;

/// <summary>
/// The <c>sparsegen</c> command line: <c>train</c>, <c>explore</c>, <c>sweep</c> and <c>export</c>. Exit codes: 0 success; 1 the
/// work failed (a data file is unreadable, training diverged, a sweep point failed); 2 a bad value on the command
/// line or in a grid file, reported as one line on stderr before any work starts.
/// </summary>
public static class SparseGenCli
{
    /// <summary>Exit code of a bad value on the command line or in a grid file.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code of work that failed.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of work stopped by SIGINT or SIGTERM (128 + SIGINT, as shells report Ctrl-C).</summary>
    public const int Interrupted = 130;

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
    /// <returns>The exit code: 0, <see cref="Failure"/>, <see cref="UsageError"/> or <see cref="Interrupted"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        RootCommand root = Create();
        foreach (System.CommandLine.Help.HelpOption help in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            // Help wraps to the terminal's width; written to a file, a pipe or a test's writer, to 120 columns.
            help.Action = new System.CommandLine.Help.HelpAction { MaxWidth = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? Math.Max(Console.WindowWidth, 40) : 120 };
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e)
        {
            // Options read and check their tokens in their parsers (Options.Number), so this is a bug; still one line.
            error.WriteLine($"sparsegen: internal error while reading the command line: {e.GetType().Name}: {OneLine(e.Message)}");
            return UsageError;
        }

        if (parse.Errors.Count > 0)
        {
            // An unknown word explains more than the "required command" error it causes.
            System.CommandLine.Parsing.ParseError first = parse.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First();
            error.WriteLine($"sparsegen: {OneLine(first.Message)}");
            return UsageError;
        }

        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("sparsegen: interrupted; stopped after the current batch, nothing written.");
            return Interrupted;
        }
        catch (UsageException e)
        {
            error.WriteLine($"sparsegen: {OneLine(e.Message)}");
            return UsageError;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or TrainingDivergedException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"sparsegen: error: {OneLine(e.Message)}");
            return Failure;
        }
        catch (Exception e)
        {
            // A bug of sparsegen: still one line, with the exception's type to report it by.
            error.WriteLine($"sparsegen: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            return Failure;
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0));
}
