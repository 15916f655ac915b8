using System;
using System.Globalization;
using System.IO;
using SparseGen.Core.Formats;

namespace SparseGen.IO;

/// <summary>
/// Topologies as Matrix Market coordinate <c>pattern</c> files (Boisvert, Pozo and Remington 1996, "The Matrix
/// Market exchange formats"): the <c>nout x nin</c> biadjacency matrix, rows are outputs, columns inputs, 1-based,
/// one edge per line in canonical order. scipy.io.mmread, MATLAB's mmread and Julia's MatrixMarket read them.
/// </summary>
public static class MatrixMarket
{
    private const string Banner = MatrixMarketReader.PatternBanner;

    /// <summary>Writes <paramref name="topology"/> to <paramref name="path"/> (through a temporary file, streaming), with <paramref name="comment"/> lines after the banner.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(Topology topology, string path, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        AtomicFile.WriteText(path, text =>
        {
            text.Write(Banner + "\n");
            foreach (string line in (comment ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                text.Write($"% {line.TrimEnd('\r')}\n");
            }

            text.Write(string.Create(CultureInfo.InvariantCulture, $"% fingerprint 0x{topology.Fingerprint:X16}\n{topology.Units} {topology.Inputs} {topology.EdgeCount}\n"));
            Span<char> entry = stackalloc char[24];
            int[] offsets = topology.RowOffsetArray, columns = topology.ColumnArray;
            for (int j = 0; j < topology.Units; j++)
            {
                for (int e = offsets[j]; e < offsets[j + 1]; e++)
                {
                    // Row (output) and column (input), 1-based: two ints take at most 22 characters with the space and newline.
                    (j + 1).TryFormat(entry, out int length, provider: CultureInfo.InvariantCulture);
                    entry[length++] = ' ';
                    (columns[e] + 1).TryFormat(entry[length..], out int column, provider: CultureInfo.InvariantCulture);
                    length += column;
                    entry[length++] = '\n';
                    text.Write(entry[..length]);
                }
            }
        });
    }

    /// <summary>
    /// Reads a coordinate <c>general</c> file as a topology: every entry is an edge from input (column) to output
    /// (row). In a <c>pattern</c> file an entry is two indices; an <c>integer</c> or <c>real</c> file may carry a
    /// value after them, which is ignored here but must be a nonzero finite number within the range of a 32-bit
    /// float, since an explicit zero does not say whether the edge exists. <c>complex</c> files, other symmetries
    /// and <c>array</c> files are refused. The rules are those of <c>[SparseLayer("file.mtx")]</c>, which the
    /// generator checks with the same reader (docs/learned-topologies.md).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not such a Matrix Market file, its size is not a layer
    /// size or is too large to hold (checked before anything of that size is allocated), an entry is malformed,
    /// outside the matrix or repeated, or the entry count differs from the header; the message names the file and line.</exception>
    public static Topology Read(string path)
    {
        using var text = new StreamReader(path);
        var reader = new MatrixMarketReader(text);
        try
        {
            MatrixMarketHeader header = reader.ReadHeader();

            // A topology keeps two int arrays as long as the rows and the columns, and one as long as the entries;
            // reading holds the entries' codes, lines and order besides.
            long bytes = 4 * ((long)header.Rows + 1 + header.Columns + header.Entries) + (16 * header.Entries);
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (header.Rows + 1L > Array.MaxLength || header.Columns > Array.MaxLength || bytes > available / 2)
            {
                throw new MatrixMarketException(header.SizeLine, $"a {header.Rows} x {header.Columns} layer needs {bytes} bytes of indices, more than can be allocated here ({available} bytes of memory)");
            }

            MatrixMarketMatrix matrix = reader.ReadEntries(header);
            return Topology.FromCsr(header.Columns, header.Rows, matrix.RowOffsets, matrix.ColumnIndices);
        }
        catch (MatrixMarketException e)
        {
            throw new InvalidDataException($"{path}: line {e.Line}: {e.What}.");
        }
    }
}
