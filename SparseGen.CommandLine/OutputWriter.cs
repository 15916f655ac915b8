using System;
using System.IO;

namespace SparseGen.CommandLine;

/// <summary>
/// Writes a program's output files one by one, each announced on a line of its own once written (<c>saved PATH</c>,
/// <c>wrote PATH</c>). A write that fails is one error line and the others are still written, so a failed plot
/// loses neither the checkpoint nor the history; <see cref="ExitCode"/> then says the work failed.
/// </summary>
/// <param name="conventions">How the program words the error line.</param>
/// <param name="output">Where the announcements go.</param>
/// <param name="error">Where a failed write is reported.</param>
public sealed class OutputWriter(Conventions conventions, TextWriter output, TextWriter error)
{
    /// <summary>Writes to the console: announcements on standard output, failures on standard error.</summary>
    public OutputWriter(Conventions conventions)
        : this(conventions, Console.Out, Console.Error)
    {
    }

    /// <summary><see cref="ExitCodes.Success"/> while every write succeeded, <see cref="ExitCodes.Failure"/> after one failed.</summary>
    public int ExitCode { get; private set; } = ExitCodes.Success;

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/> and prints <c>VERB PATH</c>; does nothing when <paramref name="path"/> is null.</summary>
    /// <param name="path">The file; null when the output was not asked for.</param>
    /// <param name="verb">What the line says was done (<c>saved</c>, <c>wrote</c>).</param>
    /// <param name="write">Writes the file at the path it is given.</param>
    public void Write(string? path, string verb, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (path is null)
        {
            return;
        }

        try
        {
            write(path);
            output.WriteLine($"{verb} {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ExitCode = conventions.Fail(error, e.Message, ExitCodes.Failure);
        }
    }
}
