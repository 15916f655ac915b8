using System;
using System.Linq;
using System.Text;
using SparseGen.CommandLine;

namespace SparseGen.Cli;

/// <summary>
/// The one check for a name that becomes a file or folder name (a grid's name, a data set's name): one plain name,
/// never a path, so that what is written under an output folder stays there (docs/guarantees.md).
/// </summary>
internal static class FileNames
{
    /// <summary>The longest name, in UTF-8 bytes, so that names joined into a plot's file name stay under the usual 255-byte limit.</summary>
    public const int MaxBytes = 100;

    /// <summary>Returns <paramref name="name"/> when it is non-empty, not <c>.</c> or <c>..</c>, holds no <c>/</c>, <c>\</c> or control character and is at most <see cref="MaxBytes"/> bytes.</summary>
    /// <param name="name">The name.</param>
    /// <param name="what">What the name is, as the user wrote it (e.g. <c>datasets[0].name</c>), for the message.</param>
    /// <exception cref="UsageException">It is not; the one-line message names <paramref name="what"/> and what to change.</exception>
    public static string Check(string? name, string what)
    {
        string? problem = name switch
        {
            null or "" => "is empty",
            _ when string.IsNullOrWhiteSpace(name) => "is only spaces",
            "." or ".." => "is a folder reference, not a name",
            _ when name.IndexOfAny(['/', '\\']) >= 0 => "holds a path separator ('/' or '\\')",
            _ when name.Any(char.IsControl) => "holds a control character (a line break, tab or other)",
            _ when Encoding.UTF8.GetByteCount(name) > MaxBytes => $"is longer than {MaxBytes} bytes",
            _ => null,
        };
        return problem is null
            ? name!
            : throw new UsageException($"{what} '{ErrorText.Printable(name ?? string.Empty)}' {problem}; it names output files, so give a plain name such as mnist-small (letters, digits, '-', '_', '.').");
    }
}
