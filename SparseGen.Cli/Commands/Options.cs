using System.CommandLine;
using System.Globalization;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Commands;

/// <summary>The options and checks of the commands' own domain; the value options themselves are <see cref="ValueOptions"/>.</summary>
internal static class Options
{
    /// <summary>A density option in (0, 1].</summary>
    public static Option<double> Density(string name, string description, double defaultValue)
    {
        Option<double> option = ValueOptions.Number<double>(name, description, d => d > 0 && d <= 1 ? null : $"{name} must be in (0, 1], was {d.ToString(CultureInfo.InvariantCulture)}.");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

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
