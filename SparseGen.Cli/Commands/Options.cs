using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using System.Numerics;

namespace SparseGen.Cli.Commands;

/// <summary>Options the commands share, with their checks.</summary>
internal static class Options
{
    /// <summary>An integer option that must be at least 1; without a default it is absent unless given.</summary>
    public static Option<int> Positive(string name, string description, int? defaultValue = null)
    {
        Option<int> option = Number<int>(name, description, n => n < 1 ? $"{name} must be at least 1, was {n}." : null);
        if (defaultValue is int value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>A density option in (0, 1].</summary>
    public static Option<double> Density(string name, string description, double defaultValue)
    {
        Option<double> option = Number<double>(name, description, d => d > 0 && d <= 1 ? null : $"{name} must be in (0, 1], was {d.ToString(CultureInfo.InvariantCulture)}.");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>
    /// A number option whose token is read and checked in one place, its parser: a token that is not a number of
    /// <typeparamref name="T"/> (invariant culture, ASCII digits, in range) or that <paramref name="check"/> refuses adds one
    /// error, reported as one line with exit code 2. No validator reads the value, so a value that failed to parse is
    /// never read (which used to crash the tool).
    /// </summary>
    /// <param name="name">The option's name.</param>
    /// <param name="description">Its help text.</param>
    /// <param name="check">Returns why a parsed value is not allowed, or null.</param>
    public static Option<T> Number<T>(string name, string description, Func<T, string?>? check = null)
        where T : INumberBase<T>, IMinMaxValue<T> =>
        new(name) { Description = description, CustomParser = r => Parse<T>(r, name) is [var value] && Checked(r, check?.Invoke(value)) ? value : default! };

    /// <summary>Like <see cref="Number{T}"/> for an option of one or more numbers (<c>--hidden 500 300</c>); <paramref name="check"/> sees them all.</summary>
    public static Option<T[]> Numbers<T>(string name, string description, Func<T[], string?>? check = null)
        where T : INumberBase<T>, IMinMaxValue<T> =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true, CustomParser = r => Parse<T>(r, name) is { } values && Checked(r, check?.Invoke(values)) ? values : [] };

    private static T[]? Parse<T>(ArgumentResult result, string name)
        where T : INumberBase<T>, IMinMaxValue<T>
    {
        NumberStyles styles = typeof(T) == typeof(double) || typeof(T) == typeof(float) ? NumberStyles.Float : NumberStyles.Integer;
        var values = new T[result.Tokens.Count];
        for (int i = 0; i < values.Length; i++)
        {
            string token = result.Tokens[i].Value;
            if (!T.TryParse(token, styles, CultureInfo.InvariantCulture, out T? value) || token.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
            {
                result.AddError($"{name} '{Sweep.BatchScript.Printable(token)}' is not {Kind<T>()}.");
                return null;
            }

            values[i] = value;
        }

        return values;
    }

    private static bool Checked(ArgumentResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }

        return problem is null;
    }

    private static string Kind<T>()
        where T : INumberBase<T>, IMinMaxValue<T> => typeof(T) == typeof(double) || typeof(T) == typeof(float)
        ? "a number (e.g. 0.25)"
        : string.Create(CultureInfo.InvariantCulture, $"an integer from {T.MinValue} to {T.MaxValue}");

    /// <summary>The option's value when it was given, else null.</summary>
    public static int? Nullable(ParseResult parse, Option<int> option) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    /// <summary>Checks that <see cref="ConnectivityPattern.Dense"/> comes with density 1.</summary>
    /// <exception cref="UsageException">It does not.</exception>
    public static void CheckPattern(ConnectivityPattern pattern, double density, string where)
    {
        if (pattern == ConnectivityPattern.Dense && density != 1)
        {
            throw new UsageException($"{where}: the Dense pattern needs density 1, was {density.ToString(CultureInfo.InvariantCulture)}; use Uniform for a sparse layer.");
        }
    }
}
