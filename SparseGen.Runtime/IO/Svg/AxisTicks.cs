using System;
using System.Collections.Generic;
using System.Globalization;

namespace SparseGen.IO.Svg;

/// <summary>Where an axis puts its ticks, and how it writes their values.</summary>
internal static class AxisTicks
{
    /// <summary>The number format of <see cref="Log10"/>'s ticks: four significant digits (0.001, 0.02, 500).</summary>
    public const string LogFormat = "G4";

    /// <summary>
    /// Round tick values for a linear axis from <paramref name="low"/> to <paramref name="high"/>: multiples of a step of
    /// 1, 2, 2.5 or 5 times a power of ten, at most <paramref name="maxTicks"/> of them inside the range, with the number
    /// format that shows each exactly (0.3, 0.4, 0.5 rather than 0.295, 0.403, 0.511). With <paramref name="integers"/>
    /// the step is a whole number (epochs).
    /// </summary>
    public static (double[] Ticks, string Format) Linear(double low, double high, int maxTicks = 6, bool integers = false)
    {
        double span = high - low;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return ([low], "G3");
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(span / maxTicks)));
        if (integers)
        {
            magnitude = Math.Max(magnitude, 1);
        }

        double step = magnitude * 10;
        foreach (double factor in (double[])[1, 2, 2.5, 5, 10])
        {
            if (integers && magnitude == 1 && factor == 2.5)
            {
                continue;
            }

            if (Math.Floor(high / (magnitude * factor)) - Math.Ceiling(low / (magnitude * factor)) + 1 <= maxTicks)
            {
                step = magnitude * factor;
                break;
            }
        }

        // Each tick is a whole number of tenths of the magnitude, divided by the exact power of ten below 1
        // (0.3 = 3 / 10, not 3 * 0.1 = 0.30000000000000004) and multiplied by the one above.
        double unit = magnitude / 10, perUnit = Math.Round(1 / unit);
        var ticks = new List<double>();
        for (double k = Math.Ceiling(low / step); k * step <= high + (step * 1e-9); k++)
        {
            double tenths = Math.Round(k * step / unit), tick = unit < 1 ? tenths / perUnit : tenths * unit;
            ticks.Add(tick == 0 ? 0 : tick);
        }

        double power = Math.Floor(Math.Log10(step) + 1e-9);
        bool twoAndAHalf = Math.Abs((step / Math.Pow(10, power)) - 2.5) < 1e-9;
        int decimals = Math.Max(0, -(int)power + (twoAndAHalf ? 1 : 0));
        return (ticks.ToArray(), "F" + decimals.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Tick values for a log10 axis spanning the log10 values [<paramref name="low"/>, <paramref name="high"/>]: 1, 2 and
    /// 5 times each power of ten when it spans up to two and a half decades, else the powers of ten; written with
    /// <see cref="LogFormat"/>.
    /// </summary>
    public static double[] Log10(double low, double high)
    {
        double[] mantissas = high - low <= 2.5 ? [1, 2, 5] : [1];
        var ticks = new List<double>();
        for (int e = (int)Math.Floor(low); e <= (int)Math.Ceiling(high); e++)
        {
            foreach (double m in mantissas)
            {
                double v = m * Math.Pow(10, e), log = Math.Log10(v);
                if (log >= low - 1e-9 && log <= high + 1e-9)
                {
                    ticks.Add(v);
                }
            }
        }

        return ticks.ToArray();
    }

}
