using System;
using System.Globalization;
using System.Text;

namespace SparseGen.IO;

/// <summary>An SVG picture of a topology's <c>nout x nin</c> biadjacency matrix: one dark cell per edge, outputs down, inputs across.</summary>
public static class TopologySvg
{
    /// <summary>The largest side, in neurons, that is still drawn one cell per neuron.</summary>
    public const int MaxSide = 2048;

    /// <summary>Writes the picture to <paramref name="path"/> (through a temporary file).</summary>
    /// <exception cref="ArgumentException">The layer has a side above <see cref="MaxSide"/> neurons; export it with <see cref="MatrixMarket"/> instead.</exception>
    /// <exception cref="System.IO.IOException">The file cannot be written.</exception>
    public static void Write(Topology topology, string path, string title) => AtomicFile.WriteText(path, Render(topology, title));

    /// <summary>Returns the picture's SVG text.</summary>
    /// <exception cref="ArgumentException">The layer has a side above <see cref="MaxSide"/> neurons.</exception>
    public static string Render(Topology topology, string title)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (Math.Max(topology.Inputs, topology.Units) > MaxSide)
        {
            throw new ArgumentException($"A {topology.Units} x {topology.Inputs} matrix is too large to see (at most {MaxSide} a side); export it as Matrix Market instead.", nameof(topology));
        }

        double cell = Math.Clamp(900.0 / Math.Max(topology.Inputs, topology.Units), 0.5, 12);
        const double margin = 40;
        double width = (topology.Inputs * cell) + (2 * margin), height = (topology.Units * cell) + (2 * margin);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width:0.##}" height="{height:0.##}" viewBox="0 0 {width:0.##} {height:0.##}">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="100%" height="100%" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{margin}" y="24" font-family="sans-serif" font-size="14">{Escape(title)}</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{margin}" y="{height - 12:0.##}" font-family="sans-serif" font-size="12">inputs i = 0 .. {topology.Inputs - 1} →   outputs j = 0 .. {topology.Units - 1} ↓   {topology.EdgeCount} edges</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{margin}" y="{margin}" width="{topology.Inputs * cell:0.###}" height="{topology.Units * cell:0.###}" fill="#f4f4f4" stroke="#999" stroke-width="0.5"/>""").Append('\n');
        svg.Append("<g fill=\"#1f3b73\">\n");
        ReadOnlySpan<int> rows = topology.RowOffsets, columns = topology.Columns;
        for (int j = 0; j < topology.Units; j++)
        {
            for (int e = rows[j]; e < rows[j + 1];)
            {
                int start = columns[e], run = 1;
                while (e + run < rows[j + 1] && columns[e + run] == start + run)
                {
                    run++;
                }

                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{margin + (start * cell):0.###}" y="{margin + (j * cell):0.###}" width="{run * cell:0.###}" height="{cell:0.###}"/>""").Append('\n');
                e += run;
            }
        }

        return svg.Append("</g>\n</svg>\n").ToString();
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
