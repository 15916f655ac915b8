using System.Xml.Linq;
using SparseGen.IO.Svg;

namespace SparseGen.Tests.IO.Svg;

/// <summary>The line plot of the training report and of the <c>sparsegen sweep</c> plots.</summary>
public sealed class LinePlotTests
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_plot_has_a_line_and_error_bars_per_series_log_ticks_labels_and_a_legend()
    {
        var plot = new LinePlot { Title = "accuracy <&> density", XLabel = "density", YLabel = "accuracy (%)", LogX = true };
        plot.Series.Add(new PlotSeries("Uniform", [new PlotPoint(0.01, 90, 1), new PlotPoint(0.1, 95, 0.5), new PlotPoint(1, 94, 0.8), new PlotPoint(0.5, double.NaN)]));
        plot.Series.Add(new PlotSeries("Dense", [new PlotPoint(1, 95, 0)]));
        XDocument svg = XDocument.Parse(plot.Render());

        XElement line = Assert.Single(svg.Descendants(Ns + "polyline"));
        Assert.Equal(3, line.Attribute("points")!.Value.Split(' ').Length); // the NaN point is left out
        Assert.Equal(3, svg.Descendants(Ns + "path").Count()); // one error bar per point with an error
        string[] texts = svg.Descendants(Ns + "text").Select(t => t.Value).ToArray();
        Assert.Contains("accuracy <&> density", texts);
        Assert.Contains("density", texts);
        Assert.Contains("accuracy (%)", texts);
        Assert.Equal(["Uniform", "Dense"], texts.Where(t => t is "Uniform" or "Dense"));
        Assert.Equal(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1"], texts.Where(v => v.StartsWith("0.") || v == "1"));
        Assert.Equal(["90", "92", "94"], texts.Where(v => v.StartsWith('9'))); // y from 89 to 95.5 (the error bars), padded
    }

    [Fact]
    public void A_dashed_series_is_dashed_in_the_plot_and_in_the_legend()
    {
        var plot = new LinePlot { Title = "t", XLabel = "epoch", YLabel = "loss", IntegerX = true };
        plot.Series.Add(new PlotSeries("training", [new PlotPoint(1, 0.5), new PlotPoint(2, 0.3)]));
        plot.Series.Add(new PlotSeries("validation", [new PlotPoint(1, 0.6), new PlotPoint(2, 0.4)], Dashed: true));
        XDocument svg = XDocument.Parse(plot.Render());

        Assert.Equal([null, "6 4"], svg.Descendants(Ns + "polyline").Select(p => p.Attribute("stroke-dasharray")?.Value));
        Assert.Single(svg.Descendants(Ns + "line"), l => l.Attribute("stroke-dasharray") is not null);
        Assert.Equal(2, svg.Descendants(Ns + "text").Count(t => t.Value is "1" or "2")); // whole epochs only
    }

    [Fact]
    public void A_plot_without_a_finite_point_draws_empty_axes_in_a_panel_but_is_no_picture_alone()
    {
        var plot = new LinePlot { Title = "diverged", XLabel = "epoch", YLabel = "loss" };
        plot.Series.Add(new PlotSeries("training", [new PlotPoint(1, double.NaN), new PlotPoint(2, double.PositiveInfinity)]));
        var svg = new SvgDocument(400, 300);
        plot.Draw(svg, LinePlot.LeftMargin, 20, 300, 200);
        Assert.Empty(XDocument.Parse(svg.ToString()).Descendants(Ns + "polyline"));

        Assert.Contains("no finite point", Assert.Throws<InvalidOperationException>(plot.Render).Message);
        var log = new LinePlot { Title = "log", XLabel = "x", YLabel = "y", LogX = true };
        log.Series.Add(new PlotSeries("s", [new PlotPoint(0, 1), new PlotPoint(1, 2)]));
        Assert.Contains("log axis", Assert.Throws<InvalidOperationException>(log.Render).Message);
    }
}
