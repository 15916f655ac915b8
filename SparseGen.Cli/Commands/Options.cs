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

    /// <summary>The default of <see cref="SpectralLimit"/>: a dense eigendecomposition of this many nodes takes seconds.</summary>
    public const int DefaultSpectralLimit = 4000;

    /// <summary>
    /// <c>--spectral-limit</c>, as <c>explore</c> and <c>sweep merge</c> take it: the most nodes (<c>nin + nout</c>) of a layer
    /// whose spectral metrics are computed (a dense <c>O(n^3)</c> eigendecomposition); a larger layer's are skipped.
    /// </summary>
    public static Option<int> SpectralLimit(string description)
    {
        Option<int> option = ValueOptions.Number<int>("--spectral-limit", $"{description} Default {DefaultSpectralLimit}.", n => n < 0 ? $"--spectral-limit must be at least 0, was {n}." : null);
        option.DefaultValueFactory = _ => DefaultSpectralLimit;
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
