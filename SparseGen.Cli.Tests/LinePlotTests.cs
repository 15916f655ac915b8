using System.Xml.Linq;
using SparseGen.Cli.Plots;

namespace SparseGen.Cli.Tests;

public sealed class LinePlotTests
{
    [Fact]
    public void A_plot_is_valid_svg_with_a_line_and_error_bars_per_series_and_a_legend()
    {
        var plot = new LinePlot { Title = "accuracy <&> density", XLabel = "density", YLabel = "accuracy (%)", LogX = true };
        plot.Series.Add(new PlotSeries("Uniform", [new PlotPoint(0.01, 90, 1), new PlotPoint(0.1, 95, 0.5), new PlotPoint(1, 94, 0.8)]));
        plot.Series.Add(new PlotSeries("Dense", [new PlotPoint(1, 95, 0)]));
        XDocument svg = XDocument.Parse(plot.Render());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Single(svg.Descendants(ns + "polyline"));
        Assert.Equal(3, svg.Descendants(ns + "path").Count());
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "accuracy <&> density");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Dense");
        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"], svg.Descendants(ns + "text").Select(t => t.Value).Where(v => v.StartsWith("0.") || v == "1").Distinct().Take(7));
    }

    [Fact]
    public void Ticks_are_round_numbers_inside_the_range()
    {
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], LinePlot.LinearTicks(0, 1));
        Assert.Equal([90, 92, 94, 96], LinePlot.LinearTicks(89.5, 96.5));
        Assert.Equal([0.001, 0.01, 0.1, 1], LinePlot.LogTicks(-3.1, 0.05));
        Assert.Throws<InvalidOperationException>(() => new LinePlot { Title = "t", XLabel = "x", YLabel = "y", LogX = true, Series = { } }.Render());
    }
}
