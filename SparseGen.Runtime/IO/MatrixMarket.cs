using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SparseGen.IO;

/// <summary>
/// Topologies as Matrix Market coordinate <c>pattern</c> files (Boisvert, Pozo and Remington 1996, "The Matrix
/// Market exchange formats"): the <c>nout x nin</c> biadjacency matrix, rows are outputs, columns inputs, 1-based,
/// one edge per line in canonical order. scipy.io.mmread, MATLAB's mmread and Julia's MatrixMarket read them.
/// </summary>
public static class MatrixMarket
{
    private const string Banner = "%%MatrixMarket matrix coordinate pattern general";

    /// <summary>Writes <paramref name="topology"/> to <paramref name="path"/> (through a temporary file), with <paramref name="comment"/> lines after the banner.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(Topology topology, string path, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var text = new StringBuilder(Banner).Append('\n');
        foreach (string line in (comment ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("% ").Append(line.TrimEnd('\r')).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"% fingerprint 0x{topology.Fingerprint:X16}\n");
        text.Append(CultureInfo.InvariantCulture, $"{topology.Units} {topology.Inputs} {topology.EdgeCount}\n");
        foreach (var (i, j) in topology.Edges)
        {
            text.Append(CultureInfo.InvariantCulture, $"{j + 1} {i + 1}\n");
        }

        AtomicFile.WriteText(path, text.ToString());
    }

    /// <summary>Reads a coordinate <c>pattern</c> (or <c>integer</c>/<c>real</c>, values ignored) <c>general</c> file as a topology.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not such a Matrix Market file, an entry is outside the
    /// matrix or repeated, or the entry count differs from the header; the message names the file and line.</exception>
    public static Topology Read(string path)
    {
        using var reader = new StreamReader(path);
        int lineNumber = 1;
        string? line = reader.ReadLine();
        string[] banner = (line ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (banner.Length != 5 || !banner[0].Equals("%%MatrixMarket", StringComparison.OrdinalIgnoreCase)
            || !banner[1].Equals("matrix", StringComparison.OrdinalIgnoreCase) || !banner[2].Equals("coordinate", StringComparison.OrdinalIgnoreCase)
            || !banner[4].Equals("general", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(path, lineNumber, $"expected the banner '{Banner}', found '{line}'");
        }

        while ((line = reader.ReadLine()) is not null && (line.StartsWith('%') || line.Trim().Length == 0))
        {
            lineNumber++;
        }

        lineNumber++;
        long[] size = Numbers(path, lineNumber, line, 3);
        if (size[0] < 1 || size[1] < 1 || size[0] > int.MaxValue || size[1] > int.MaxValue)
        {
            throw Malformed(path, lineNumber, $"matrix size {size[0]} x {size[1]} is not a layer size");
        }

        int outputs = (int)size[0], inputs = (int)size[1];
        var edges = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            long[] entry = Numbers(path, lineNumber, line, 2);
            if (entry[0] < 1 || entry[0] > outputs || entry[1] < 1 || entry[1] > inputs)
            {
                throw Malformed(path, lineNumber, $"entry ({entry[0]}, {entry[1]}) is outside the {outputs} x {inputs} matrix (indices are 1-based)");
            }

            var edge = ((int)entry[1] - 1, (int)entry[0] - 1);
            if (!seen.Add(edge))
            {
                throw Malformed(path, lineNumber, $"entry ({entry[0]}, {entry[1]}) appears twice");
            }

            edges.Add(edge);
        }

        if (edges.Count != size[2])
        {
            throw Malformed(path, lineNumber, $"the header promises {size[2]} entries but the file holds {edges.Count}");
        }

        return Topology.FromEdges(inputs, outputs, edges);
    }

    private static long[] Numbers(string path, int lineNumber, string? line, int atLeast)
    {
        string[] parts = (line ?? string.Empty).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < atLeast)
        {
            throw Malformed(path, lineNumber, line is null ? "the file ends early" : $"expected {atLeast} integers, found '{line}'");
        }

        var values = new long[atLeast];
        for (int k = 0; k < atLeast; k++)
        {
            if (!long.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[k]))
            {
                throw Malformed(path, lineNumber, $"'{parts[k]}' is not an integer");
            }
        }

        return values;
    }

    private static InvalidDataException Malformed(string path, int line, string what) => new($"{path}: line {line}: {what}.");
}
