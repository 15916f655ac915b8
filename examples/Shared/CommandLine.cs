using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SparseGen.Examples;

/// <summary>
/// What the examples' command lines share: numbers parsed with the invariant culture and checked against their
/// range, each parse error as one line on standard error with exit code 2 (never help text or a stack trace),
/// and output files checked before long work starts.
/// </summary>
internal static class CommandLine
{
    /// <summary>The exit code of a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>The exit code of a failure while running (a malformed data file, a failed write).</summary>
    public const int Failure = 1;

    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} An integer in [{min}, {max}].",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse<int>(r, name, $"an integer in [{min}, {max}]",
            t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max ? v : null),
    };

    /// <summary>The <c>--threads</c> option every example takes: an integer in [1, 1024], by default every logical core.</summary>
    public static Option<int> Threads(string description) =>
        Integer("--threads", $"Threads to use (default: all {Environment.ProcessorCount} logical cores). {description}", Environment.ProcessorCount, 1, 1024);

    /// <summary>A seed option: an unsigned 64-bit integer.</summary>
    public static Option<ulong> Seed(string name, string description, ulong defaultValue) => new(name)
    {
        Description = $"{description} An integer in [0, {ulong.MaxValue}].",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse<ulong>(r, name, $"an integer in [0, {ulong.MaxValue}]",
            t => ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : null),
    };

    /// <summary>A number option in [<paramref name="min"/>, <paramref name="max"/>], or (<paramref name="min"/>, <paramref name="max"/>] when <paramref name="minExclusive"/>; written with a decimal point whatever the culture.</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max, bool minExclusive = false)
    {
        string range = $"{(minExclusive ? '(' : '[')}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]";
        return new(name)
        {
            Description = $"{description} A number in {range}.",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => Parse<double>(r, name, $"a number in {range}, written with a decimal point (0.1)",
                t => double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double v)
                    && (minExclusive ? v > min : v >= min) && v <= max ? v : null),
        };
    }

    /// <summary>An option that takes one of the names of <typeparamref name="T"/>, in any case (numbers are refused).</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue)
        where T : struct, Enum
    {
        string names = string.Join(", ", Enum.GetNames<T>());
        return new(name)
        {
            Description = $"{description} One of {names}.",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => Parse<T>(r, name, $"one of {names}",
                t => Enum.GetNames<T>().FirstOrDefault(n => n.Equals(t, StringComparison.OrdinalIgnoreCase)) is { } match ? Enum.Parse<T>(match) : null),
        };
    }

    /// <summary>An option that takes one of <paramref name="values"/>, exactly as written.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse<string>(r, name, $"one of {string.Join(", ", values)}", t => values.FirstOrDefault(v => v == t)),
    };

    /// <summary>An option naming a file (or folder): the value is the path as given.</summary>
    public static Option<string> Path(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Parse<string>(r, name, "a path", t => t.Length > 0 && !t.Contains('\0') ? t : null),
    };

    /// <summary>Parses <paramref name="args"/>; on any parse error prints one line per error and returns <see cref="UsageError"/>, else runs the command.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return parse.Invoke();
        }

        foreach (ParseError error in parse.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message.ReplaceLineEndings(" ")}");
        }

        return UsageError;
    }

    /// <summary>Prints <paramref name="message"/> as one error line and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return exitCode;
    }

    /// <summary>
    /// Checks output files before the work that produces them: each path names a file (not a folder) in a folder
    /// that exists and can be written, with a name the file system takes, and no two options name the same file
    /// (full paths compared after every symbolic link in them is resolved).
    /// </summary>
    /// <returns>What is wrong, naming the option, or null when every path is fine.</returns>
    public static string? CheckOutputs(params (string Option, string? Path)[] outputs)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            string full = System.IO.Path.GetFullPath(path);
            string? resolved = Resolve(full, 0);
            if (resolved is null)
            {
                return $"{option}: '{path}' has too many levels of symbolic links";
            }

            if (seen.TryGetValue(resolved, out string? other))
            {
                return $"{other} and {option} both name '{path}'; give each output its own file";
            }

            seen[resolved] = option;
            string folder = System.IO.Path.GetDirectoryName(full)!;
            string name = System.IO.Path.GetFileName(full);
            if (Directory.Exists(full) || name.Length == 0)
            {
                return $"{option}: '{path}' is a folder; give a file name";
            }

            if (Encoding.UTF8.GetByteCount(name) > 255)
            {
                return $"{option}: the file name '{name}' is longer than the 255 bytes a file system allows";
            }

            if (!Directory.Exists(folder))
            {
                return $"{option}: the folder '{folder}' does not exist";
            }

            try
            {
                using var probe = new FileStream(System.IO.Path.Combine(folder, $".sg{Guid.NewGuid():N}"[..11] + ".tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"{option}: cannot write in the folder '{folder}' ({e.Message})";
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="path"/> with every symbolic link in it replaced by what it points to (a missing part kept as written); null for a chain of more than 40 links.</summary>
    private static string? Resolve(string path, int depth)
    {
        string full = System.IO.Path.GetFullPath(path);
        string root = System.IO.Path.GetPathRoot(full)!;
        string? current = root;
        foreach (string part in full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = System.IO.Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is not null)
            {
                current = depth >= 40 ? null : Resolve(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(current)!, target), depth + 1);
                if (current is null)
                {
                    return null;
                }
            }
        }

        return current;
    }

    /// <summary>Parses the option's last token with <paramref name="parse"/> (null for a value it refuses); a refusal becomes a parse error naming the option and <paramref name="expected"/>.</summary>
    private static T Parse<T>(ArgumentResult result, string name, string expected, Func<string, object?> parse)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (parse(token) is T value)
        {
            return value;
        }

        result.AddError($"{name}: '{token}' is not {expected}.");
        return default!;
    }
}
