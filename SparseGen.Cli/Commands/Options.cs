using System.CommandLine;
using System.Globalization;

namespace SparseGen.Cli.Commands;

/// <summary>Options the commands share, with their checks.</summary>
internal static class Options
{
    /// <summary>An integer option that must be at least 1; without a default it is absent unless given.</summary>
    public static Option<int> Positive(string name, string description, int? defaultValue = null)
    {
        var option = new Option<int>(name) { Description = description };
        if (defaultValue is int value)
        {
            option.DefaultValueFactory = _ => value;
        }

        option.Validators.Add(r =>
        {
            int n = r.GetValueOrDefault<int>();
            if (n < 1)
            {
                r.AddError($"{name} must be at least 1, was {n}.");
            }
        });
        return option;
    }

    /// <summary>A density option in (0, 1].</summary>
    public static Option<double> Density(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            double d = r.GetValueOrDefault<double>();
            if (!(d > 0 && d <= 1))
            {
                r.AddError($"{name} must be in (0, 1], was {d.ToString(CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

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
