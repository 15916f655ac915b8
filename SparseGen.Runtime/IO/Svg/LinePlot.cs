using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SparseGen.IO.Svg;

/// <summary>
/// A line plot: axes with round ticks (linear, or log10 for the x axis), one line or marker set per series, each
/// point with an optional error bar (<c>y ± error</c>), and a legend. <see cref="Render"/> gives a picture of its
/// own with the legend beside the plot; <see cref="Draw"/> and <see cref="DrawLegend"/> put it in a panel of a larger
/// picture. Points whose x or y is not finite are left out.
/// </summary>
internal sealed class LinePlot
{
    /// <summary>The width of <see cref="Render"/>'s picture, in pixels.</summary>
    public const double Width = 840;

    /// <summary>The height of <see cref="Render"/>'s picture, in pixels.</summary>
    public const double Height = 480;

    /// <summary>Pixels left of a frame that its tick values and y label take.</summary>
    public const double LeftMargin = 76;

    /// <summary>Pixels below a frame that its tick values and x label take.</summary>
    public const double BottomMargin = 58;

    private const double Right = 250, Top = 48, LegendCharacter = 7; // about the advance of a 12-pixel sans-serif character
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The title above <see cref="Render"/>'s picture; errors name the plot by it.</summary>
    public required string Title { get; init; }

    /// <summary>Label of the x axis.</summary>
    public required string XLabel { get; init; }

    /// <summary>Label of the y axis.</summary>
    public required string YLabel { get; init; }

    /// <summary>A log10 x axis; every finite x must then be above 0.</summary>
    public bool LogX { get; init; }

    /// <summary>Ticks of the x axis at whole numbers only (epochs).</summary>
    public bool IntegerX { get; init; }

    /// <summary>The series, drawn in order.</summary>
    public List<PlotSeries> Series { get; } = [];

    /// <summary>The plot as an SVG picture of <see cref="Width"/> x <see cref="Height"/> pixels: title, plot, legend on the right.</summary>
    /// <exception cref="InvalidOperationException">There is no finite point, or <see cref="LogX"/> is set and an x is not above 0.</exception>
    public string Render()
    {
        if (!Finite().Any())
        {
            throw new InvalidOperationException($"The plot '{Title}' has no finite point to draw.");
        }

        var svg = new SvgDocument(Width, Height);
        svg.Text(LeftMargin, 28, Title, 15);
        double frameWidth = Width - LeftMargin - Right;
        Draw(svg, LeftMargin, Top, frameWidth, Height - Top - BottomMargin);
        DrawLegend(svg, LeftMargin + frameWidth + 16, Top + 10, across: false);
        return svg.ToString();
    }

    /// <summary>
    /// Draws the axes, grid, tick values, axis labels and series with the plotting area at (<paramref name="left"/>,
    /// <paramref name="top"/>), <paramref name="width"/> x <paramref name="height"/> pixels; tick values and labels
    /// take <see cref="LeftMargin"/> pixels left of it and <see cref="BottomMargin"/> below. Without a finite point the
    /// axes run from 0 to 1 and stay empty.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="LogX"/> is set and an x is not above 0.</exception>
    public void Draw(SvgDocument svg, double left, double top, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        PlotPoint[] all = Finite().ToArray();
        if (LogX && all.Any(p => p.X <= 0))
        {
            throw new InvalidOperationException($"The plot '{Title}' has an x of 0 or below on a log axis.");
        }

        Func<double, double> fx = LogX ? Math.Log10 : x => x;
        var (x0, x1) = all.Length == 0 ? (0, 1) : Pad(all.Min(p => fx(p.X)), all.Max(p => fx(p.X)), 0.04);
        var (y0, y1) = all.Length == 0 ? (0, 1) : Pad(all.Min(p => p.Y - ErrorOf(p)), all.Max(p => p.Y + ErrorOf(p)), 0.05);
        double Px(double x) => left + ((fx(x) - x0) / (x1 - x0) * width);
        double Py(double y) => top + height - ((y - y0) / (y1 - y0) * height);
        double bottom = top + height;

        (double[] xTicks, string xFormat) = LogX ? (AxisTicks.Log10(x0, x1), AxisTicks.LogFormat) : AxisTicks.Linear(x0, x1, integers: IntegerX);
        foreach (double tick in xTicks)
        {
            double px = Px(tick);
            svg.Line(px, top, px, bottom, "#e8e8e8");
            svg.Line(px, bottom, px, bottom + 5, "#444");
            svg.Text(px, bottom + 19, tick.ToString(xFormat, CultureInfo.InvariantCulture), 11, TextAnchor.Middle);
        }

        (double[] yTicks, string yFormat) = AxisTicks.Linear(y0, y1);
        foreach (double tick in yTicks)
        {
            double py = Py(tick);
            svg.Line(left, py, left + width, py, "#e8e8e8");
            svg.Line(left - 5, py, left, py, "#444");
            svg.Text(left - 8, py + 4, tick.ToString(yFormat, CultureInfo.InvariantCulture), 11, TextAnchor.End);
        }

        svg.Rect(left, top, width, height, "none", "#444");
        svg.Text(left + (width / 2), bottom + 44, XLabel, 13, TextAnchor.Middle);
        svg.Text(left - LeftMargin + 18, top + (height / 2), YLabel, 13, TextAnchor.Middle, degrees: -90);

        bool errorBars = all.Any(p => ErrorOf(p) > 0);
        for (int k = 0; k < Series.Count; k++)
        {
            PlotSeries series = Series[k];
            int style = series.Style ?? k;
            string colour = Colours[style % Colours.Length];
            double nudge = errorBars ? (k - ((Series.Count - 1) / 2.0)) * 2.5 : 0; // error bars at one x stay apart
            PlotPoint[] points = series.Points.Where(IsFinite).OrderBy(p => p.X).ToArray();
            if (series.Line)
            {
                svg.Polyline(points.Select(p => (Px(p.X) + nudge, Py(p.Y))).ToArray(), colour, 2, series.Dashed ? "6 4" : null);
            }

            foreach (PlotPoint p in points)
            {
                double px = Px(p.X) + nudge;
                if (ErrorOf(p) > 0)
                {
                    double high = Py(p.Y + p.Error), low = Py(p.Y - p.Error);
                    svg.Strokes([[(px, high), (px, low)], [(px - 4, high), (px + 4, high)], [(px - 4, low), (px + 4, low)]], colour, 1.2);
                }

                Marker(svg, style, px, Py(p.Y), colour);
            }
        }
    }

    /// <summary>
    /// Draws one legend entry per series (its line, marker and name) from (<paramref name="x"/>, <paramref name="y"/>):
    /// one below the other, or side by side when <paramref name="across"/>.
    /// </summary>
    public void DrawLegend(SvgDocument svg, double x, double y, bool across)
    {
        ArgumentNullException.ThrowIfNull(svg);
        for (int k = 0; k < Series.Count; k++)
        {
            PlotSeries series = Series[k];
            int style = series.Style ?? k;
            string colour = Colours[style % Colours.Length];
            if (series.Line)
            {
                svg.Line(x, y, x + 24, y, colour, 2, series.Dashed ? "6 4" : null);
            }

            Marker(svg, style, x + 12, y, colour);
            svg.Text(x + 32, y + 4, series.Name, 12);
            (x, y) = across ? (x + 32 + (series.Name.Length * LegendCharacter) + 28, y) : (x, y + 20);
        }
    }

    /// <summary>Style <paramref name="k"/>'s marker: a circle, square, diamond or triangle, so that series stay apart where they overlap or print in grey.</summary>
    private static void Marker(SvgDocument svg, int k, double x, double y, string colour)
    {
        switch ((k / Colours.Length + k) % 4)
        {
            case 0:
                svg.Circle(x, y, 3.8, colour);
                break;
            case 1:
                svg.Rect(x - 3.6, y - 3.6, 7.2, 7.2, colour);
                break;
            case 2:
                svg.Polygon([(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)], colour);
                break;
            default:
                svg.Polygon([(x, y - 5), (x + 4.5, y + 3.5), (x - 4.5, y + 3.5)], colour);
                break;
        }
    }

    private IEnumerable<PlotPoint> Finite() => Series.SelectMany(s => s.Points).Where(IsFinite);

    private static bool IsFinite(PlotPoint p) => double.IsFinite(p.X) && double.IsFinite(p.Y);

    private static double ErrorOf(PlotPoint p) => p.Error > 0 && double.IsFinite(p.Error) ? p.Error : 0;

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
}
