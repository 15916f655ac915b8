using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseGen.IO.Svg;
using SparseGen.Kernels;

namespace SparseGen.IO;

/// <summary>One picture of <see cref="ConnectivityHeatMap"/>: a label and one count per input, row-major over the grid.</summary>
/// <param name="Label">The panel's caption, such as <c>epoch 30</c>.</param>
/// <param name="Counts">One value per input (for a layer, its fan-out: <see cref="ConnectivityHeatMap.InputDegrees"/>).</param>
public sealed record HeatMapPanel(string Label, IReadOnlyList<int> Counts);

/// <summary>
/// A heat map of how many connections each input of a layer has, drawn on the inputs' grid (28 x 28 pixels for MNIST):
/// the picture of Mocanu et al. 2018 (figure 5), where SET's input layer gathers its connections on the digits' centre.
/// Panels share one colour scale, from white (no connection) to dark blue (the most of any panel).
/// </summary>
public static class ConnectivityHeatMap
{
    private const int Cell = 10;
    private const int Margin = 30;
    private static readonly (byte R, byte G, byte B)[] Palette =
        [(255, 255, 255), (222, 235, 247), (198, 219, 239), (158, 202, 225), (107, 174, 214), (66, 146, 198), (33, 113, 181), (8, 81, 156), (8, 48, 107)];

    /// <summary>The number of edges leaving each input of <paramref name="kernel"/> (its fan-out), read through its weight edges.</summary>
    public static int[] InputDegrees(ILayerKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel is IRewirableKernel { Topology: { } topology })
        {
            // The topology keeps its fan-outs: O(nin), no copy of the edges.
            var fanOut = new int[topology.Inputs];
            for (int i = 0; i < fanOut.Length; i++)
            {
                fanOut[i] = topology.FanOut(i);
            }

            return fanOut;
        }

        var inputs = new int[kernel.EdgeCount];
        var outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, outputs);
        var degrees = new int[kernel.Inputs];
        foreach (int i in inputs)
        {
            degrees[i]++;
        }

        return degrees;
    }

    /// <summary>Writes the SVG of <see cref="Render"/> to <paramref name="path"/> through a temporary file.</summary>
    /// <exception cref="ArgumentException">As <see cref="Render"/>.</exception>
    /// <exception cref="System.IO.IOException">The file cannot be written.</exception>
    public static void Write(IReadOnlyList<HeatMapPanel> panels, int width, int height, string title, string path) =>
        AtomicFile.WriteText(path, Render(panels, width, height, title));

    /// <summary>Returns an SVG with the panels side by side, each a <paramref name="width"/> x <paramref name="height"/> grid, and a colour scale.</summary>
    /// <exception cref="ArgumentException">There is no panel, a size is below 1, or a panel does not have <c>width * height</c> counts.</exception>
    public static string Render(IReadOnlyList<HeatMapPanel> panels, int width, int height, string title)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0 || width < 1 || height < 1)
        {
            throw new ArgumentException($"A heat map needs at least one panel and a grid of at least 1 x 1 (got {panels.Count} panels, {width} x {height}).", nameof(panels));
        }

        foreach (HeatMapPanel panel in panels)
        {
            if (panel.Counts.Count != width * height)
            {
                throw new ArgumentException($"Panel '{panel.Label}' has {panel.Counts.Count} counts; a {width} x {height} grid needs {width * height}.", nameof(panels));
            }
        }

        int max = Math.Max(1, panels.Max(p => p.Counts.Max()));
        int panelWidth = width * Cell, panelHeight = height * Cell, top = 50;
        var svg = new SvgDocument(Math.Max((panels.Count * (panelWidth + Margin)) + Margin, 360), panelHeight + 150);
        svg.Text(Margin, 24, title, 15);
        for (int p = 0; p < panels.Count; p++)
        {
            int left = Margin + (p * (panelWidth + Margin));
            IReadOnlyList<int> counts = panels[p].Counts;
            svg.BeginGroup("shape-rendering=\"crispEdges\"");
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    svg.Rect(left + (c * Cell), top + (r * Cell), Cell, Cell, Colour(counts[(r * width) + c] / (double)max));
                }
            }

            svg.EndGroup();
            svg.Rect(left, top, panelWidth, panelHeight, "none", "#999");
            svg.Text(left + (panelWidth / 2.0), top + panelHeight + 18, panels[p].Label, 13, TextAnchor.Middle);
        }

        int legendY = top + panelHeight + 42, legendWidth = 200;
        svg.Gradient("scale", Enumerable.Range(0, Palette.Length).Select(k => Colour(k / (double)(Palette.Length - 1))).ToArray());
        svg.Rect(Margin, legendY, legendWidth, 12, "url(#scale)", "#999");
        svg.Text(Margin, legendY + 28, "0", 12);
        svg.Text(Margin + legendWidth, legendY + 28, max.ToString(CultureInfo.InvariantCulture), 12, TextAnchor.End);
        svg.Text(Margin + legendWidth + 12, legendY + 11, "connections per input", 12);
        return svg.ToString();
    }

    /// <summary>The palette colour at <paramref name="t"/> in [0, 1], interpolated linearly between its stops.</summary>
    private static string Colour(double t)
    {
        double position = Math.Clamp(t, 0, 1) * (Palette.Length - 1);
        int low = Math.Min((int)position, Palette.Length - 2);
        double f = position - low;
        var (a, b) = (Palette[low], Palette[low + 1]);
        int Mix(byte x, byte y) => (int)Math.Round(x + ((y - x) * f));
        return string.Create(CultureInfo.InvariantCulture, $"#{Mix(a.R, b.R):x2}{Mix(a.G, b.G):x2}{Mix(a.B, b.B):x2}");
    }
}
