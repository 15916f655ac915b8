using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace SparseGen.CommandLine;

/// <summary>
/// Options whose value is read and checked in one place, the option's parser: a number in the invariant culture
/// with ASCII digits only (whatever the machine's culture: <c>0,1</c> is refused, not read as 1), then its range or
/// check. A value refused there is one parse error naming the option, which <see cref="Conventions.Run"/> reports as one
/// line with <see cref="ExitCodes.UsageError"/>; no validator reads a value that failed to parse.
/// </summary>
/// <remarks>
/// Two families, one reader: the examples state an option's range in its help and its message
/// (<see cref="Integer"/>: <c>--epochs: 'abc' is not an integer in [1, 100000].</c>); the <c>sparsegen</c> tool reads a
/// number of the option's type, then applies the option's own check (<see cref="Number{T}"/>:
/// <c>--epochs 'abc' is not an integer from -2147483648 to 2147483647.</c>, <c>--epochs must be at least 1, was 0.</c>).
/// </remarks>
public static class ValueOptions
{
    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>] (an optional sign, digits).</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} An integer in [{min}, {max}].",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Last<int>(r, name, $"an integer in [{min}, {max}]",
            t => TryNumber(t, NumberStyles.AllowLeadingSign, out int v) && v >= min && v <= max ? v : null),
    };

    /// <summary>The <c>--threads</c> option every example takes: an integer in [1, 1024], by default every logical core.</summary>
    public static Option<int> Threads(string description) =>
        Integer("--threads", $"Threads to use (default: all {Environment.ProcessorCount} logical cores). {description}", Environment.ProcessorCount, 1, 1024);

    /// <summary>A seed option: an unsigned 64-bit integer (digits only).</summary>
    public static Option<ulong> Seed(string name, string description, ulong defaultValue) => new(name)
    {
        Description = $"{description} An integer in [0, {ulong.MaxValue}].",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Last<ulong>(r, name, $"an integer in [0, {ulong.MaxValue}]",
            t => TryNumber(t, NumberStyles.None, out ulong v) ? v : null),
    };

    /// <summary>
    /// A number option in [<paramref name="min"/>, <paramref name="max"/>], or (<paramref name="min"/>, <paramref name="max"/>]
    /// when <paramref name="minExclusive"/>; written with a decimal point (and an optional exponent) whatever the culture.
    /// </summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max, bool minExclusive = false)
    {
        string range = $"{(minExclusive ? '(' : '[')}{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]";
        return new(name)
        {
            Description = $"{description} A number in {range}.",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => Last<double>(r, name, $"a number in {range}, written with a decimal point (0.1)",
                t => TryNumber(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, out double v)
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
            CustomParser = r => Last<T>(r, name, $"one of {names}",
                t => Enum.GetNames<T>().FirstOrDefault(n => n.Equals(t, StringComparison.OrdinalIgnoreCase)) is { } match ? Enum.Parse<T>(match) : null),
        };
    }

    /// <summary>An option that takes one of <paramref name="values"/>, exactly as written.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Last<string>(r, name, $"one of {string.Join(", ", values)}", t => values.FirstOrDefault(v => v == t)),
    };

    /// <summary>An option naming a file (or folder): the value is the path as given (not empty, no NUL).</summary>
    public static Option<string> Path(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Last<string>(r, name, "a path", t => t.Length > 0 && !t.Contains('\0') ? t : null),
    };

    /// <summary>An option of one text value as given (not empty, no NUL), such as a comma-separated list the command reads itself.</summary>
    public static Option<string> Text(string name, string description, string defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Last<string>(r, name, "a value", t => t.Length > 0 && !t.Contains('\0') ? t : null),
    };

    /// <summary>
    /// A number option of type <typeparamref name="T"/>: a token that is not such a number (invariant culture, ASCII
    /// digits, within the type's range) or that <paramref name="check"/> refuses adds one error. Without a default
    /// (set <see cref="Option{T}.DefaultValueFactory"/>) it is absent unless given.
    /// </summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="check">Returns why a parsed value is not allowed, or null.</param>
    public static Option<T> Number<T>(string name, string description, Func<T, string?>? check = null)
        where T : struct, INumberBase<T>, IMinMaxValue<T> =>
        new(name) { Description = description, CustomParser = r => All<T>(r, name) is [var value] && Checked(r, check?.Invoke(value)) ? value : default! };

    /// <summary>
    /// Like <see cref="Number{T}"/> for an option of one or more numbers (<c>--hidden 500 300</c>); <paramref name="check"/> sees
    /// them all. The option is named once: <c>--hidden 500 --hidden 300</c> is refused, as every option of one value is.
    /// </summary>
    public static Option<T[]> Numbers<T>(string name, string description, Func<T[], string?>? check = null)
        where T : struct, INumberBase<T>, IMinMaxValue<T> =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true, CustomParser = r => Once(r, name) && All<T>(r, name) is { } values && Checked(r, check?.Invoke(values)) ? values : [] };

    /// <summary>An integer option that must be at least 1 (<see cref="Number{T}"/>); without a default it is absent unless given.</summary>
    public static Option<int> Positive(string name, string description, int? defaultValue = null)
    {
        Option<int> option = Number<int>(name, description, n => n < 1 ? $"{name} must be at least 1, was {n}." : null);
        if (defaultValue is int value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>The option's value when it was given on the command line, else null.</summary>
    public static int? GivenOrNull(ParseResult parse, Option<int> option)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;
    }

    /// <summary>
    /// Whether <paramref name="token"/> is a number of <typeparamref name="T"/> in <paramref name="styles"/>, read with the
    /// invariant culture, all its digits ASCII: the one rule by which both families read numbers.
    /// </summary>
    public static bool TryNumber<T>(string token, NumberStyles styles, out T value)
        where T : struct, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(token);
        return T.TryParse(token, styles, CultureInfo.InvariantCulture, out value) && !token.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c));
    }

    /// <summary>Reads the option's last token with <paramref name="read"/> (null for a value it refuses); a refusal is a parse error naming the option and <paramref name="expected"/>.</summary>
    private static T Last<T>(ArgumentResult result, string name, string expected, Func<string, object?> read)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (read(token) is T value)
        {
            return value;
        }

        result.AddError($"{name}: '{token}' is not {expected}.");
        return default!;
    }

    /// <summary>Reads every token as a number of <typeparamref name="T"/>; the first that is not one is a parse error, and null is returned.</summary>
    private static T[]? All<T>(ArgumentResult result, string name)
        where T : struct, INumberBase<T>, IMinMaxValue<T>
    {
        bool real = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        var values = new T[result.Tokens.Count];
        for (int i = 0; i < values.Length; i++)
        {
            string token = result.Tokens[i].Value;
            if (!TryNumber(token, real ? NumberStyles.Float : NumberStyles.Integer, out T value))
            {
                result.AddError($"{name} '{ErrorText.Printable(token)}' is not {Kind<T>(real)}.");
                return null;
            }

            values[i] = value;
        }

        return values;
    }

    /// <summary>
    /// Whether an option of many values was named at most once on the command line: a repeated one
    /// (<c>--hidden 100 --hidden 200</c>) is a parse error, not both lists joined. (System.CommandLine itself refuses a
    /// repeated option of one value: "Option '--epochs' expects a single argument but 2 were provided.")
    /// </summary>
    private static bool Once(ArgumentResult result, string name)
    {
        if (result.Parent is OptionResult { IdentifierTokenCount: > 1 and var count })
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} is given {count} times; give it once."));
            return false;
        }

        return true;
    }

    private static bool Checked(ArgumentResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }

        return problem is null;
    }

    private static string Kind<T>(bool real)
        where T : struct, INumberBase<T>, IMinMaxValue<T> => real
        ? "a number (e.g. 0.25)"
        : string.Create(CultureInfo.InvariantCulture, $"an integer from {T.MinValue} to {T.MaxValue}");
}
