using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.IO;
using System.Linq;
using System.Threading;
using ILGPU.Runtime;

namespace SparseGen.CommandLine;

/// <summary>
/// The command-line conventions of one program, written once for the <c>sparsegen</c> tool and the examples: every
/// error is one line on standard error, never help text or a stack trace; a bad value on the command line exits
/// with <see cref="ExitCodes.UsageError"/> before any work, work that fails with <see cref="ExitCodes.Failure"/>
/// (a data file that cannot be read, training that diverged, a failed device), work stopped by a signal with
/// <see cref="ExitCodes.Interrupted"/>; outputs are checked before the work that writes them (<see cref="OutputPaths"/>).
/// </summary>
/// <remarks>
/// The two programs word their lines differently (<c>error: --epochs: 'abc' is not …</c> against
/// <c>sparsegen: --epochs 'abc' is not …</c>), and users and scripts read them, so each keeps its wording:
/// <see cref="Examples"/> and <see cref="Sparsegen"/> are the two sets, one implementation under both.
/// </remarks>
public sealed class Conventions
{
    private readonly bool _everyParseError;
    private readonly bool _fitHelp;
    private readonly bool _optionThenPath;

    private Conventions(string usagePrefix, string failurePrefix, bool everyParseError, bool fitHelp, bool optionThenPath)
    {
        UsagePrefix = usagePrefix;
        FailurePrefix = failurePrefix;
        _everyParseError = everyParseError;
        _fitHelp = fitHelp;
        _optionThenPath = optionThenPath;
    }

    /// <summary>
    /// The examples': every error line starts with <c>error: </c>, each parse error is a line of its own, and a
    /// problem names the option first (<c>error: --save: the folder '/x' does not exist</c>).
    /// </summary>
    public static Conventions Examples { get; } = new("error: ", "error: ", everyParseError: true, fitHelp: false, optionThenPath: false);

    /// <summary>
    /// The <c>sparsegen</c> tool's: a bad value is <c>sparsegen: …</c> (the first parse error only), failed work
    /// <c>sparsegen: error: …</c>, a path problem names the option and the path
    /// (<c>sparsegen: --save /x/m.safetensors: the folder '/x' does not exist; create it first.</c>), and help wraps to the
    /// terminal (120 columns when written elsewhere).
    /// </summary>
    public static Conventions Sparsegen { get; } = new("sparsegen: ", "sparsegen: error: ", everyParseError: false, fitHelp: true, optionThenPath: true);

    /// <summary>What starts the line of a bad value (<see cref="ExitCodes.UsageError"/>) and of an internal error.</summary>
    public string UsagePrefix { get; }

    /// <summary>What starts the line of work that failed (<see cref="ExitCodes.Failure"/>).</summary>
    public string FailurePrefix { get; }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command they name. A parse error is reported before anything
    /// runs; while the command runs, a <see cref="UsageException"/> is a bad value, an I/O, data, argument or
    /// not-supported error, a <see cref="TrainingDivergedException"/> or an ILGPU <see cref="AcceleratorException"/> (a device call that failed) is failed
    /// work, and a cancellation of <paramref name="cancellationToken"/> is an interruption; anything else is an
    /// internal error, still one line, naming the exception's type.
    /// </summary>
    /// <param name="root">The program's commands.</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go; <see cref="Console.Out"/> when null.</param>
    /// <param name="error">Where errors go, one line each; <see cref="Console.Error"/> when null.</param>
    /// <param name="cancellationToken">Stops the work (a program cancels it on SIGINT and SIGTERM).</param>
    /// <returns>The exit code: the command's own, or one of <see cref="ExitCodes"/>.</returns>
    public int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        output ??= Console.Out;
        error ??= Console.Error;
        if (_fitHelp)
        {
            foreach (HelpOption help in root.Options.OfType<HelpOption>())
            {
                // Help wraps to the terminal's width; written to a file, a pipe or a test's writer, to 120 columns.
                help.Action = new HelpAction { MaxWidth = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? Math.Max(Console.WindowWidth, 40) : 120 };
            }
        }

        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception e)
        {
            // Options read and check their tokens in their parsers (ValueOptions), so this is a bug; still one line.
            error.WriteLine($"{UsagePrefix}internal error while reading the command line: {e.GetType().Name}: {ErrorText.OneLine(e.Message)}");
            return ExitCodes.UsageError;
        }

        if (parse.Errors.Count > 0)
        {
            // An unknown word explains more than the "required command" error it causes.
            IEnumerable<ParseError> errors = _everyParseError
                ? parse.Errors
                : [parse.Errors.OrderBy(e => e.Message.StartsWith("Required command", StringComparison.Ordinal) ? 1 : 0).First()];
            foreach (ParseError parseError in errors)
            {
                error.WriteLine($"{UsagePrefix}{ErrorText.OneLine(parseError.Message)}");
            }

            return ExitCodes.UsageError;
        }

        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"{UsagePrefix}interrupted; stopped after the current batch, nothing written.");
            return ExitCodes.Interrupted;
        }
        catch (UsageException e)
        {
            return Fail(error, e.Message, ExitCodes.UsageError);
        }
        catch (Exception e) when (IsFailure(e))
        {
            return Fail(error, e.Message, ExitCodes.Failure);
        }
        catch (Exception e)
        {
            // A bug of the program: still one line, with the exception's type to report it by.
            error.WriteLine($"{UsagePrefix}internal error: {e.GetType().Name}: {ErrorText.OneLine(e.Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Whether <paramref name="e"/> is work that failed (<see cref="ExitCodes.Failure"/>) rather than a bug.</summary>
    public static bool IsFailure(Exception e) =>
        e is IOException or InvalidDataException or UnauthorizedAccessException or TrainingDivergedException or AcceleratorException or ArgumentException or NotSupportedException;

    /// <summary>Writes <paramref name="message"/> on one line of standard error and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode) => Fail(Console.Error, message, exitCode);

    /// <summary>
    /// Writes <paramref name="message"/> on one line of <paramref name="error"/>, after <see cref="UsagePrefix"/> for
    /// <see cref="ExitCodes.UsageError"/> and <see cref="FailurePrefix"/> otherwise, and returns <paramref name="exitCode"/>.
    /// </summary>
    public int Fail(TextWriter error, string message, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"{(exitCode == ExitCodes.UsageError ? UsagePrefix : FailurePrefix)}{ErrorText.OneLine(message)}");
        return exitCode;
    }

    /// <summary>Checks output files before the work that writes them (<see cref="OutputPaths.Check"/>).</summary>
    /// <returns>The first problem in this program's words, or null when every path is fine.</returns>
    public string? CheckOutputs(params (string Option, string? Path)[] outputs) =>
        OutputPaths.Check(outputs) is { } problem ? Describe(problem) : null;

    /// <summary>Checks output files before the work that writes them (<see cref="OutputPaths.Check"/>).</summary>
    /// <exception cref="UsageException">A path has a problem; the message is <see cref="Describe"/>'s.</exception>
    public void RequireOutputs(params (string Option, string? Path)[] outputs)
    {
        if (CheckOutputs(outputs) is { } problem)
        {
            throw new UsageException(problem);
        }
    }

    /// <summary>Creates the output folder <paramref name="path"/> when missing and checks that it takes new files (<see cref="OutputPaths.CheckFolder"/>).</summary>
    /// <returns>Its full path.</returns>
    /// <exception cref="UsageException">It is a file, cannot be created or cannot be written; the message is <see cref="Describe"/>'s.</exception>
    public string RequireFolder(string option, string path) =>
        OutputPaths.CheckFolder(option, path, out string full) is { } problem ? throw new UsageException(Describe(problem)) : full;

    /// <summary><paramref name="problem"/> in this program's words, on one line without a prefix.</summary>
    public string Describe(OutputProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        string o = problem.Option, p = problem.Path;
        return _optionThenPath
            ? problem.Kind switch
            {
                OutputProblemKind.NameTooLong => $"{o} {p}: the name '{problem.Name![..20]}…' is {problem.Bytes} bytes long; a file system takes at most {OutputPaths.MaxNameBytes}.",
                OutputProblemKind.IsAFolder => $"{o} {p}: is a folder; give a file name.",
                OutputProblemKind.NoFolder => $"{o} {p}: the folder '{problem.Folder}' does not exist; create it first.",
                OutputProblemKind.NotWritable => $"{o} {p}: cannot write in '{problem.Folder}' ({problem.Detail}).",
                OutputProblemKind.SameFile => $"{problem.OtherOption} and {o} both name '{problem.Resolved}'; give each output its own file.",
                OutputProblemKind.LinkLoop => $"{p}: too many levels of symbolic links.",
                OutputProblemKind.IsAFile => $"{o} {p}: is a file; give a folder.",
                _ => $"{o} {p}: the folder cannot be created ({problem.Detail}).",
            }
            : problem.Kind switch
            {
                OutputProblemKind.NameTooLong => $"{o}: the {(problem.IsFileName ? "file" : "folder")} name '{problem.Name}' is longer than the {OutputPaths.MaxNameBytes} bytes a file system allows",
                OutputProblemKind.IsAFolder => $"{o}: '{p}' is a folder; give a file name",
                OutputProblemKind.NoFolder => $"{o}: the folder '{problem.Folder}' does not exist",
                OutputProblemKind.NotWritable => $"{o}: cannot write in the folder '{problem.Folder}' ({problem.Detail})",
                OutputProblemKind.SameFile => $"{problem.OtherOption} and {o} both name '{p}'; give each output its own file",
                OutputProblemKind.LinkLoop => $"{o}: '{p}' has too many levels of symbolic links",
                OutputProblemKind.IsAFile => $"{o}: '{p}' is a file; give a folder",
                _ => $"{o}: cannot create the folder '{p}': {problem.Detail}",
            };
    }
}
