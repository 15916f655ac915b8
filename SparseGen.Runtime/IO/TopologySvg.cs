using System;
using System.Globalization;
using SparseGen.IO.Svg;

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
        double height = (topology.Units * cell) + (2 * margin);
        var svg = new SvgDocument((topology.Inputs * cell) + (2 * margin), height);
        svg.Text(margin, 24, title, 14);
        svg.Text(margin, height - 12, string.Create(CultureInfo.InvariantCulture, $"inputs i = 0 .. {topology.Inputs - 1} →   outputs j = 0 .. {topology.Units - 1} ↓   {topology.EdgeCount} edges"), 12);
        svg.Rect(margin, margin, topology.Inputs * cell, topology.Units * cell, "#f4f4f4", "#999", 0.5);
        svg.BeginGroup("fill=\"#1f3b73\"");
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

                svg.Rect(margin + (start * cell), margin + (j * cell), run * cell, cell, fill: null);
                e += run;
            }
        }

        svg.EndGroup();
        return svg.ToString();
    }
}
