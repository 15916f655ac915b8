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

    /// <summary>
    /// Reads a coordinate <c>general</c> file as a topology: every entry is an edge from input (column) to output
    /// (row). In a <c>pattern</c> file an entry is two indices; an <c>integer</c> or <c>real</c> file may carry a
    /// value after them, which is ignored but must be a nonzero finite number, since an explicit zero does not say
    /// whether the edge exists. <c>complex</c> files, other symmetries and <c>array</c> files are refused.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not such a Matrix Market file, its size is not a layer
    /// size or is too large to hold (checked before anything of that size is allocated), an entry is malformed,
    /// outside the matrix or repeated, or the entry count differs from the header; the message names the file and line.</exception>
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

        string field = banner[3].ToLowerInvariant();
        if (field is not ("pattern" or "integer" or "real"))
        {
            throw Malformed(path, lineNumber, $"field '{banner[3]}' is not supported; a topology is a pattern, integer or real matrix (values are ignored)");
        }

        while ((line = reader.ReadLine()) is not null && (line.StartsWith('%') || line.Trim().Length == 0))
        {
            lineNumber++;
        }

        lineNumber++;
        long[] size = Numbers(path, lineNumber, line, 3, 3);
        if (size[0] < 1 || size[1] < 1 || size[0] > int.MaxValue || size[1] > int.MaxValue || size[2] < 0)
        {
            throw Malformed(path, lineNumber, $"size {size[0]} x {size[1]} with {size[2]} entries is not a layer: rows and columns must be in [1, {int.MaxValue}], entries at least 0");
        }

        int outputs = (int)size[0], inputs = (int)size[1];
        if (size[2] > Math.Min((double)size[0] * size[1], Topology.MaxEdgeCount))
        {
            throw Malformed(path, lineNumber, $"{size[2]} entries do not fit a {outputs} x {inputs} layer, which holds at most {(long)Math.Min((double)size[0] * size[1], Topology.MaxEdgeCount)} edges");
        }

        // A topology keeps two int arrays as long as the rows and the columns, and one as long as the entries.
        long bytes = 4 * (size[0] + 1 + size[1] + size[2]);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (size[0] + 1 > Array.MaxLength || size[1] > Array.MaxLength || bytes > available / 2)
        {
            throw Malformed(path, lineNumber, $"a {outputs} x {inputs} layer needs {bytes} bytes of indices, more than can be allocated here ({available} bytes of memory)");
        }

        var edges = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (edges.Count == size[2])
            {
                throw Malformed(path, lineNumber, $"the header promises {size[2]} entries, but more follow");
            }

            var (row, column) = Entry(path, lineNumber, line, field);
            if (row < 1 || row > outputs || column < 1 || column > inputs)
            {
                throw Malformed(path, lineNumber, $"entry ({row}, {column}) is outside the {outputs} x {inputs} matrix (indices are 1-based)");
            }

            var edge = ((int)column - 1, (int)row - 1);
            if (!seen.Add(edge))
            {
                throw Malformed(path, lineNumber, $"entry ({row}, {column}) appears twice");
            }

            edges.Add(edge);
        }

        if (edges.Count != size[2])
        {
            throw Malformed(path, lineNumber, $"the header promises {size[2]} entries but the file holds {edges.Count}");
        }

        return Topology.FromEdges(inputs, outputs, edges);
    }

    /// <summary>Parses an entry line: row and column, then for integer and real files an optional nonzero value.</summary>
    private static (long Row, long Column) Entry(string path, int lineNumber, string line, string field)
    {
        string[] parts = Parts(line);
        long[] indices = Numbers(path, lineNumber, line, 2, field == "pattern" ? 2 : 3);
        if (parts.Length == 3)
        {
            bool nonzero = field == "integer"
                ? long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) && n != 0
                : double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) && x != 0;
            if (!nonzero)
            {
                throw Malformed(path, lineNumber, $"value '{parts[2]}' of entry ({indices[0]}, {indices[1]}) is not a nonzero finite {field}; every entry is an edge, so an explicit zero is ambiguous: remove the entry or write a pattern file");
            }
        }

        return (indices[0], indices[1]);
    }

    /// <summary>Parses the first <paramref name="count"/> of <paramref name="most"/> (or fewer) space-separated fields as integers.</summary>
    private static long[] Numbers(string path, int lineNumber, string? line, int count, int most)
    {
        string[] parts = Parts(line ?? string.Empty);
        if (parts.Length < count || parts.Length > most)
        {
            throw Malformed(path, lineNumber, line is null ? "the file ends early" : $"expected {(count == most ? $"{count}" : $"{count} or {most}")} fields, found '{line}'");
        }

        var values = new long[count];
        for (int k = 0; k < count; k++)
        {
            if (!long.TryParse(parts[k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[k]))
            {
                throw Malformed(path, lineNumber, $"'{parts[k]}' is not an integer");
            }
        }

        return values;
    }

    private static string[] Parts(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static InvalidDataException Malformed(string path, int line, string what) => new($"{path}: line {line}: {what}.");
}
