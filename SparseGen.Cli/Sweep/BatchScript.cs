using System;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// The one rule for every value written into a batch script (docs/guarantees.md): a value holding a line feed,
/// carriage return or NUL is refused, since no quoting keeps it on its line; shell words are single-quoted
/// (<c>'</c> written as <c>'\''</c>); <c>#SBATCH</c> values are double-quoted with <c>\</c> and <c>"</c>
/// backslash-escaped, as sbatch reads them; and a folder in an <c>--output</c>/<c>--error</c> filename pattern has
/// its <c>%</c> doubled so that Slurm does not expand it.
/// </summary>
internal static class BatchScript
{
    /// <summary>Returns <paramref name="value"/> when it can go into a script line.</summary>
    /// <exception cref="UsageException">It holds a line break or NUL; the message names <paramref name="what"/>.</exception>
    public static string Checked(string value, string what) =>
        value.AsSpan().IndexOfAny('\n', '\r', '\0') < 0
            ? value
            : throw new UsageException($"{what} '{ErrorText.Printable(value)}' holds a line break or NUL character, which a batch script cannot carry; rename it.");

    /// <summary>A single-quoted shell word: bash expands nothing in it.</summary>
    public static string ShellWord(string value, string what) => "'" + Checked(value, what).Replace("'", "'\\''") + "'";

    /// <summary>A value of an <c>#SBATCH</c> line, double-quoted as sbatch parses those lines.</summary>
    public static string SbatchValue(string value, string what) =>
        "\"" + Checked(value, what).Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>
    /// An <c>#SBATCH --output</c>/<c>--error</c> value: <paramref name="folder"/> taken literally (its <c>%</c>
    /// doubled), then <paramref name="pattern"/>, a file name with Slurm's own replacements such as <c>%a</c>.
    /// </summary>
    public static string SbatchFilePattern(string folder, string pattern, string what) =>
        SbatchValue(Checked(folder, what).Replace("%", "%%") + "/" + pattern, what);
}
