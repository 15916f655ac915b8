using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SparseGen.Cli.Plots;

/// <summary>
/// A line plot as SVG: axes with ticks (linear, or log10 for the x axis), one line or marker set per series, each
/// point with an optional error bar (<c>y ± error</c>), a legend beside the plot. Series are nudged a few pixels
/// apart horizontally so that error bars at the same x stay readable.
/// </summary>
public sealed class LinePlot
{
    private const double Width = 840, Height = 480, Left = 76, Right = 250, Top = 48, Bottom = 58;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Title above the plot.</summary>
    public required string Title { get; init; }

    /// <summary>Label of the x axis.</summary>
    public required string XLabel { get; init; }

    /// <summary>Label of the y axis.</summary>
    public required string YLabel { get; init; }

    /// <summary>A log10 x axis; every x must then be above 0.</summary>
    public bool LogX { get; init; }

    /// <summary>The series, drawn in order.</summary>
    public List<PlotSeries> Series { get; } = [];

    /// <summary>The SVG text.</summary>
    /// <exception cref="InvalidOperationException">There is no finite point, or <see cref="LogX"/> is set and an x is not above 0.</exception>
    public string Render()
    {
        PlotPoint[] all = Series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        if (all.Length == 0)
        {
            throw new InvalidOperationException($"The plot '{Title}' has no finite point to draw.");
        }

        if (LogX && all.Any(p => p.X <= 0))
        {
            throw new InvalidOperationException($"The plot '{Title}' has an x of 0 or below on a log axis.");
        }

        Func<double, double> fx = LogX ? Math.Log10 : x => x;
        var (x0, x1) = Pad(all.Min(p => fx(p.X)), all.Max(p => fx(p.X)), LogX ? 0.04 : 0.04);
        var (y0, y1) = Pad(all.Min(p => p.Y - p.Error), all.Max(p => p.Y + p.Error), 0.06);
        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + ((fx(x) - x0) / (x1 - x0) * plotWidth);
        double Py(double y) => Top + plotHeight - ((y - y0) / (y1 - y0) * plotHeight);

        var svg = new StringBuilder();
        Append(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif">""");
        Append(svg, $"""<rect width="100%" height="100%" fill="white"/>""");
        Append(svg, $"""<text x="{Left}" y="28" font-size="15">{Escape(Title)}</text>""");

        foreach (double tick in LogX ? LogTicks(x0, x1) : LinearTicks(x0, x1))
        {
            double px = Px(tick);
            Append(svg, $"""<line x1="{px:0.##}" y1="{Top}" x2="{px:0.##}" y2="{Top + plotHeight}" stroke="#e8e8e8"/>""");
            Append(svg, $"""<line x1="{px:0.##}" y1="{Top + plotHeight}" x2="{px:0.##}" y2="{Top + plotHeight + 5}" stroke="#444"/>""");
            Append(svg, $"""<text x="{px:0.##}" y="{Top + plotHeight + 19}" font-size="11" text-anchor="middle">{Format(tick)}</text>""");
        }

        foreach (double tick in LinearTicks(y0, y1))
        {
            double py = Py(tick);
            Append(svg, $"""<line x1="{Left}" y1="{py:0.##}" x2="{Left + plotWidth}" y2="{py:0.##}" stroke="#e8e8e8"/>""");
            Append(svg, $"""<line x1="{Left - 5}" y1="{py:0.##}" x2="{Left}" y2="{py:0.##}" stroke="#444"/>""");
            Append(svg, $"""<text x="{Left - 8}" y="{py + 4:0.##}" font-size="11" text-anchor="end">{Format(tick)}</text>""");
        }

        Append(svg, $"""<rect x="{Left}" y="{Top}" width="{plotWidth}" height="{plotHeight}" fill="none" stroke="#444"/>""");
        Append(svg, $"""<text x="{Left + (plotWidth / 2):0.##}" y="{Height - 14}" font-size="13" text-anchor="middle">{Escape(XLabel)}</text>""");
        Append(svg, $"""<text transform="translate(18 {Top + (plotHeight / 2):0.##}) rotate(-90)" font-size="13" text-anchor="middle">{Escape(YLabel)}</text>""");

        for (int k = 0; k < Series.Count; k++)
        {
            PlotSeries series = Series[k];
            int style = series.Style ?? k;
            string color = Colors[style % Colors.Length];
            double nudge = (k - ((Series.Count - 1) / 2.0)) * 2.5;
            var points = series.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).OrderBy(p => p.X).ToArray();
            if (series.Line && points.Length > 1)
            {
                string coordinates = string.Join(' ', points.Select(p => Invariant($"{Px(p.X) + nudge:0.##},{Py(p.Y):0.##}")));
                Append(svg, $"""<polyline fill="none" stroke="{color}" stroke-width="2" points="{coordinates}"/>""");
            }

            foreach (PlotPoint p in points)
            {
                double px = Px(p.X) + nudge, py = Py(p.Y);
                if (p.Error > 0)
                {
                    double top = Py(p.Y + p.Error), bottom = Py(p.Y - p.Error);
                    Append(svg, $"""<path d="M{px:0.##},{top:0.##}V{bottom:0.##}M{px - 4:0.##},{top:0.##}H{px + 4:0.##}M{px - 4:0.##},{bottom:0.##}H{px + 4:0.##}" stroke="{color}" stroke-width="1.2" fill="none"/>""");
                }

                Marker(svg, style, px, py, color);
            }

            double ly = Top + 10 + (k * 20), lx = Left + plotWidth + 16;
            if (series.Line)
            {
                Append(svg, $"""<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{color}" stroke-width="2"/>""");
            }

            Marker(svg, style, lx + 12, ly, color);
            Append(svg, $"""<text x="{lx + 32}" y="{ly + 4}" font-size="12">{Escape(series.Name)}</text>""");
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Series <paramref name="k"/>'s marker: a circle, square, diamond or triangle, so that series stay apart where they overlap or print in grey.</summary>
    private static void Marker(StringBuilder svg, int k, double x, double y, string color)
    {
        switch ((k / Colors.Length + k) % 4)
        {
            case 0:
                Append(svg, $"""<circle cx="{x:0.##}" cy="{y:0.##}" r="3.8" fill="{color}"/>""");
                break;
            case 1:
                Append(svg, $"""<rect x="{x - 3.6:0.##}" y="{y - 3.6:0.##}" width="7.2" height="7.2" fill="{color}"/>""");
                break;
            case 2:
                Append(svg, $"""<path d="M{x:0.##},{y - 5:0.##}L{x + 5:0.##},{y:0.##}L{x:0.##},{y + 5:0.##}L{x - 5:0.##},{y:0.##}Z" fill="{color}"/>""");
                break;
            default:
                Append(svg, $"""<path d="M{x:0.##},{y - 5:0.##}L{x + 4.5:0.##},{y + 3.5:0.##}L{x - 4.5:0.##},{y + 3.5:0.##}Z" fill="{color}"/>""");
                break;
        }
    }

    /// <summary>Tick values for a linear axis over [low, high]: steps of 1, 2 or 5 times a power of ten, about six of them.</summary>
    public static IEnumerable<double> LinearTicks(double low, double high)
    {
        double raw = (high - low) / 6, power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw);
        int digits = Math.Clamp(3 - (int)Math.Floor(Math.Log10(step)), 0, 15);
        for (double k = Math.Ceiling(low / step); k * step <= high + (step * 1e-9); k++)
        {
            yield return Math.Round(k * step, digits);
        }
    }

    /// <summary>Tick values for a log10 axis spanning log10 values [low, high]: 1, 2 and 5 times each power of ten when it spans up to two decades, else the powers of ten.</summary>
    public static IEnumerable<double> LogTicks(double low, double high)
    {
        double[] mantissas = high - low <= 2.5 ? [1, 2, 5] : [1];
        for (int e = (int)Math.Floor(low); e <= (int)Math.Ceiling(high); e++)
        {
            foreach (double m in mantissas)
            {
                double v = m * Math.Pow(10, e), log = Math.Log10(v);
                if (log >= low - 1e-9 && log <= high + 1e-9)
                {
                    yield return v;
                }
            }
        }
    }

    private static (double Low, double High) Pad(double low, double high, double fraction)
    {
        if (high - low < 1e-12)
        {
            double half = Math.Max(Math.Abs(low) * 0.05, 0.5);
            return (low - half, high + half);
        }

        double pad = (high - low) * fraction;
        return (low - pad, high + pad);
    }

    private static string Format(double value) => Math.Abs(value) < 1e-12 ? "0" : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder svg, FormattableString line) => svg.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}

/// <summary>One series of a <see cref="LinePlot"/>.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Points">The points; drawn in order of x.</param>
/// <param name="Line">Join the points with a line; false draws markers only.</param>
/// <param name="Style">Index of the colour and marker, so that a series keeps its look across plots; null: the series' position.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points, bool Line = true, int? Style = null);

/// <summary>A point of a <see cref="PlotSeries"/>.</summary>
/// <param name="X">Position on the x axis.</param>
/// <param name="Y">Position on the y axis.</param>
/// <param name="Error">Half-length of the error bar (for example one standard deviation); 0 draws none.</param>
public sealed record PlotPoint(double X, double Y, double Error = 0);
