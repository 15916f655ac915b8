using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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
        int panelWidth = width * Cell, panelHeight = height * Cell;
        int totalWidth = Math.Max((panels.Count * (panelWidth + Margin)) + Margin, 360), totalHeight = panelHeight + 150;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{totalWidth}" height="{totalHeight}" font-family="sans-serif">""").Append('\n');
        svg.Append("""<rect width="100%" height="100%" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Margin}" y="24" font-size="15">{Escape(title)}</text>""").Append('\n');
        for (int p = 0; p < panels.Count; p++)
        {
            int x0 = Margin + (p * (panelWidth + Margin)), y0 = 50;
            IReadOnlyList<int> counts = panels[p].Counts;
            svg.Append(CultureInfo.InvariantCulture, $"""<g shape-rendering="crispEdges">""").Append('\n');
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < width; c++)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x0 + (c * Cell)}" y="{y0 + (r * Cell)}" width="{Cell}" height="{Cell}" fill="{Colour(counts[(r * width) + c] / (double)max)}"/>""");
                }

                svg.Append('\n');
            }

            svg.Append("</g>\n");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x0}" y="{y0}" width="{panelWidth}" height="{panelHeight}" fill="none" stroke="#999"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x0 + (panelWidth / 2)}" y="{y0 + panelHeight + 18}" font-size="13" text-anchor="middle">{Escape(panels[p].Label)}</text>""").Append('\n');
        }

        int legendY = 50 + panelHeight + 42, legendWidth = 200;
        svg.Append("<defs><linearGradient id=\"scale\">");
        for (int k = 0; k < Palette.Length; k++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<stop offset="{k / (double)(Palette.Length - 1):0.###}" stop-color="{Colour(k / (double)(Palette.Length - 1))}"/>""");
        }

        svg.Append("</linearGradient></defs>\n");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Margin}" y="{legendY}" width="{legendWidth}" height="12" fill="url(#scale)" stroke="#999"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Margin}" y="{legendY + 28}" font-size="12">0</text><text x="{Margin + legendWidth}" y="{legendY + 28}" font-size="12" text-anchor="end">{max}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Margin + legendWidth + 12}" y="{legendY + 11}" font-size="12">connections per input</text>""").Append('\n');
        return svg.Append("</svg>\n").ToString();
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

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
