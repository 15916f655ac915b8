using System;
using System.Globalization;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace SparseGen.Core.Formats;

/// <summary>The field of a coordinate Matrix Market file that can hold a topology.</summary>
internal enum MatrixMarketField
{
    /// <summary>Entries are two indices.</summary>
    Pattern,

    /// <summary>Entries may carry an integer value.</summary>
    Integer,

    /// <summary>Entries may carry a real value.</summary>
    Real,
}

/// <summary>What a Matrix Market file's banner and size line say.</summary>
internal sealed class MatrixMarketHeader
{
    public MatrixMarketHeader(MatrixMarketField field, int rows, int columns, long entries, int sizeLine)
    {
        Field = field;
        Rows = rows;
        Columns = columns;
        Entries = entries;
        SizeLine = sizeLine;
    }

    public MatrixMarketField Field { get; }

    /// <summary>Rows of the matrix: a layer's units.</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix: a layer's inputs.</summary>
    public int Columns { get; }

    /// <summary>The entry count the size line promises, at most <c>min(Rows * Columns, Topology.MaxEdgeCount)</c>.</summary>
    public long Entries { get; }

    /// <summary>The 1-based line of the size line.</summary>
    public int SizeLine { get; }
}

/// <summary>
/// A coordinate file's entries in canonical order (by row, then column), 0-based, as CSR: the entries of row
/// <c>r</c> are <c>RowOffsets[r] .. RowOffsets[r + 1] - 1</c>, in columns <c>ColumnIndices[e]</c>, ascending.
/// </summary>
internal sealed class MatrixMarketMatrix
{
    public MatrixMarketMatrix(MatrixMarketHeader header, int[] rowOffsets, int[] columnIndices, float[]? values, int firstLineWithoutValue)
    {
        Header = header;
        RowOffsets = rowOffsets;
        ColumnIndices = columnIndices;
        Values = values;
        FirstLineWithoutValue = firstLineWithoutValue;
    }

    public MatrixMarketHeader Header { get; }

    public int[] RowOffsets { get; }

    public int[] ColumnIndices { get; }

    /// <summary>
    /// The values of an integer or real file in canonical order, as 32-bit floats; null for a pattern file or
    /// when no entry has a value. An entry without a value has 0 here (see <see cref="FirstLineWithoutValue"/>).
    /// </summary>
    public float[]? Values { get; }

    /// <summary>The line of the first entry that has no value while others have one, or 0 when every entry has one or none does.</summary>
    public int FirstLineWithoutValue { get; }
}

/// <summary>What is wrong with a Matrix Market file.</summary>
internal enum MatrixMarketProblem
{
    /// <summary>The file is not a coordinate general pattern/integer/real file, or a line does not parse.</summary>
    Malformed,

    /// <summary>An entry lies outside the matrix.</summary>
    OutsideMatrix,

    /// <summary>An entry appears twice.</summary>
    Repeated,
}

/// <summary>A Matrix Market file that breaks a rule: the 1-based line, what is wrong there, and its kind.</summary>
internal sealed class MatrixMarketException : Exception
{
    public MatrixMarketException(int line, string what, MatrixMarketProblem problem = MatrixMarketProblem.Malformed)
        : base($"line {line}: {what}")
    {
        Line = line;
        What = what;
        Problem = problem;
    }

    public int Line { get; }

    public string What { get; }

    public MatrixMarketProblem Problem { get; }
}

/// <summary>
/// The one reader of topology files, shared by the runtime (<c>SparseGen.IO.MatrixMarket</c>) and the generator
/// (<c>[SparseLayer("file.mtx")]</c>): Matrix Market coordinate <c>general</c> files (Boisvert, Pozo and
/// Remington 1996, "The Matrix Market exchange formats"), the <c>nout x nin</c> biadjacency matrix, rows are
/// outputs, columns inputs, 1-based. In a <c>pattern</c> file an entry is two indices; an <c>integer</c> or
/// <c>real</c> entry may carry a value after them, which must be a nonzero finite number within the range of a
/// 32-bit float (an explicit zero does not say whether the edge exists). <c>complex</c> files, other symmetries
/// and <c>array</c> files are refused. Every problem is a <see cref="MatrixMarketException"/> naming its line.
/// </summary>
/// <remarks>
/// Read the header first (<see cref="ReadHeader"/>), check its sizes against what the caller can hold, then read
/// the entries (<see cref="ReadEntries"/>), so that nothing of the promised size is allocated before the check.
/// Lines and fields are checked in file order; repeated entries are found after the last line, by sorting, and
/// the first repetition in file order is reported.
/// </remarks>
internal sealed class MatrixMarketReader
{
    /// <summary>The banner of the pattern files SparseGen writes.</summary>
    public const string PatternBanner = "%%MatrixMarket matrix coordinate pattern general";

    /// <summary>The entries <see cref="ReadEntries"/> makes room for before it has read any; it doubles from there.</summary>
    private const int InitialCapacity = 4096;

    private readonly TextReader _reader;
    private int _line;

    public MatrixMarketReader(TextReader reader) => _reader = reader;

    /// <summary>Reads the banner, comments and size line.</summary>
    /// <exception cref="MatrixMarketException">The banner is not a coordinate general pattern, integer or real
    /// banner, or the size line is not three integers giving rows and columns in [1, 2^31 - 1] and an entry count
    /// that fits the matrix and a layer.</exception>
    public MatrixMarketHeader ReadHeader()
    {
        string? line = Next();
        string[] banner = (line ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        if (banner.Length != 5 || !Is(banner[0], "%%MatrixMarket") || !Is(banner[1], "matrix") || !Is(banner[2], "coordinate") || !Is(banner[4], "general"))
        {
            throw new MatrixMarketException(1, $"expected the banner '{PatternBanner}', found '{Excerpt.Of(line)}'");
        }

        MatrixMarketField field = banner[3].ToLowerInvariant() switch
        {
            "pattern" => MatrixMarketField.Pattern,
            "integer" => MatrixMarketField.Integer,
            "real" => MatrixMarketField.Real,
            _ => throw Malformed($"field '{Excerpt.Of(banner[3])}' is not supported; a topology is a pattern, integer or real matrix (values are ignored)"),
        };

        while ((line = Next()) is not null && (line.StartsWith("%", StringComparison.Ordinal) || line.Trim().Length == 0))
        {
        }

        var size = new long[3];
        Numbers(line, size, 3, 3);
        if (size[0] < 1 || size[1] < 1 || size[0] > int.MaxValue || size[1] > int.MaxValue || size[2] < 0)
        {
            throw Malformed($"size {size[0]} x {size[1]} with {size[2]} entries is not a layer: rows and columns must be in [1, {int.MaxValue}], entries at least 0");
        }

        long most = (long)Math.Min((double)size[0] * size[1], Topology.MaxEdgeCount);
        if (size[2] > most)
        {
            throw Malformed($"{size[2]} entries do not fit a {size[0]} x {size[1]} layer, which holds at most {most} edges");
        }

        return new MatrixMarketHeader(field, (int)size[0], (int)size[1], size[2], _line);
    }

    /// <summary>Reads the entries that <paramref name="header"/> promises, after the caller has checked that it can hold them.</summary>
    /// <exception cref="MatrixMarketException">An entry is malformed, outside the matrix or repeated, or the
    /// entry count differs from the header.</exception>
    public MatrixMarketMatrix ReadEntries(MatrixMarketHeader header, CancellationToken cancellationToken = default)
    {
        // The arrays grow with the entries read, not with the size line's promise: a size line that promises
        // 16 million entries over one line costs one line's memory.
        int count = (int)header.Entries;
        int capacity = Math.Min(count, InitialCapacity);
        var codes = new long[capacity];
        var lines = new int[capacity];
        float[]? values = header.Field == MatrixMarketField.Pattern ? null : new float[capacity];
        var fields = new long[2];
        int read = 0, withValue = 0, firstWithout = 0;
        string? line;
        while ((line = Next()) is not null)
        {
            if ((read & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (read == count)
            {
                throw Malformed($"the header promises {count} entries, but more follow");
            }

            if (read == codes.Length)
            {
                int grown = (int)Math.Min(count, 2L * codes.Length);
                Array.Resize(ref codes, grown);
                Array.Resize(ref lines, grown);
                if (values is not null)
                {
                    Array.Resize(ref values, grown);
                }
            }

            int tokens = Numbers(line, fields, 2, header.Field == MatrixMarketField.Pattern ? 2 : 3);
            long row = fields[0], column = fields[1];
            if (tokens == 3)
            {
                values![read] = Value(line, header.Field, row, column);
                withValue++;
            }
            else if (firstWithout == 0)
            {
                firstWithout = _line;
            }

            if (row < 1 || row > header.Rows || column < 1 || column > header.Columns)
            {
                throw new MatrixMarketException(_line, $"entry ({row}, {column}) is outside the {header.Rows} x {header.Columns} matrix (indices are 1-based)", MatrixMarketProblem.OutsideMatrix);
            }

            codes[read] = ((row - 1) * header.Columns) + (column - 1);
            lines[read++] = _line;
        }

        if (read != count)
        {
            throw Malformed($"the header promises {count} entries but the file holds {read}");
        }

        return Canonical(header, codes, lines, withValue == 0 ? null : values, withValue == 0 || withValue == count ? 0 : firstWithout);
    }

    /// <summary>Sorts the entries into canonical order, reports the first repetition in file order, and builds the CSR arrays.</summary>
    private static MatrixMarketMatrix Canonical(MatrixMarketHeader header, long[] codes, int[] lines, float[]? values, int firstWithout)
    {
        int count = codes.Length;
        var order = new int[count];
        for (int e = 0; e < count; e++)
        {
            order[e] = e;
        }

        Array.Sort(codes, order);
        int repeatedLine = int.MaxValue;
        long repeated = 0;
        for (int start = 0, end; start < count; start = end)
        {
            // A run of equal codes: its second line in file order is where a reader going line by line sees the repetition.
            int first = int.MaxValue, second = int.MaxValue;
            for (end = start; end < count && codes[end] == codes[start]; end++)
            {
                int at = lines[order[end]];
                if (at < first)
                {
                    second = first;
                    first = at;
                }
                else if (at < second)
                {
                    second = at;
                }
            }

            if (second < repeatedLine)
            {
                repeatedLine = second;
                repeated = codes[start];
            }
        }

        if (repeatedLine != int.MaxValue)
        {
            throw new MatrixMarketException(repeatedLine, $"entry ({(repeated / header.Columns) + 1}, {(repeated % header.Columns) + 1}) appears twice", MatrixMarketProblem.Repeated);
        }

        var rowOffsets = new int[header.Rows + 1];
        var columns = new int[count];
        float[]? sorted = values is null ? null : new float[count];
        for (int e = 0; e < count; e++)
        {
            columns[e] = (int)(codes[e] % header.Columns);
            rowOffsets[(codes[e] / header.Columns) + 1]++;
            if (sorted is not null)
            {
                sorted[e] = values![order[e]];
            }
        }

        for (int r = 0; r < header.Rows; r++)
        {
            rowOffsets[r + 1] += rowOffsets[r];
        }

        return new MatrixMarketMatrix(header, rowOffsets, columns, sorted, firstWithout);
    }

    /// <summary>The value of an entry: nonzero, finite, within a 32-bit float's range.</summary>
    private float Value(string line, MatrixMarketField field, long row, long column)
    {
        string text = Token(line, 2);
        double value = field == MatrixMarketField.Integer
            ? (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : 0)
            : (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && !double.IsNaN(x) && !double.IsInfinity(x) ? x : 0);
        string kind = field == MatrixMarketField.Integer ? "integer" : "real";
        if (value == 0)
        {
            throw Malformed($"value '{Excerpt.Of(text)}' of entry ({row}, {column}) is not a nonzero finite {kind}; every entry is an edge, so an explicit zero is ambiguous: remove the entry or write a pattern file");
        }

        if (Math.Abs(value) > float.MaxValue)
        {
            throw Malformed($"value '{Excerpt.Of(text)}' of entry ({row}, {column}) is beyond the range of a 32-bit float (about 3.4e38), which the layer's weights are");
        }

        // A value too small for a 32-bit float is a zero weight, as ambiguous as an explicit zero (subnormals, from
        // 1.4e-45, are nonzero weights and kept).
        float single = (float)value;
        if (single == 0)
        {
            throw Malformed($"value '{Excerpt.Of(text)}' of entry ({row}, {column}) is nonzero but rounds to 0 as a 32-bit float (the smallest is about 1.4e-45), which the layer's weights are; an explicit zero is ambiguous: remove the entry, write a pattern file, or scale the values");
        }

        return single;
    }

    /// <summary>
    /// Parses the first <paramref name="count"/> of <paramref name="most"/> (or fewer) space- or tab-separated
    /// fields as integers into <paramref name="values"/>; returns the number of fields.
    /// </summary>
    private int Numbers(string? line, long[] values, int count, int most)
    {
        if (line is null)
        {
            throw new MatrixMarketException(_line + 1, "the file ends early");
        }

        int fields = 0;
        foreach (var (start, end) in Fields(line))
        {
            if (fields < count && !TryParseInteger(line, start, end, out values[fields]))
            {
                throw Malformed($"'{Excerpt.Of(line.Substring(start, end - start))}' is not an integer");
            }

            fields++;
        }

        if (fields < count || fields > most)
        {
            throw Malformed($"expected {(count == most ? $"{count}" : $"{count} or {most}")} fields, found '{Excerpt.Of(line)}'");
        }

        return fields;
    }

    /// <summary>The start and end of each space- or tab-separated field of <paramref name="line"/>.</summary>
    private static IEnumerable<(int Start, int End)> Fields(string line)
    {
        for (int at = 0; at < line.Length;)
        {
            while (at < line.Length && (line[at] == ' ' || line[at] == '\t'))
            {
                at++;
            }

            int start = at;
            while (at < line.Length && line[at] != ' ' && line[at] != '\t')
            {
                at++;
            }

            if (at > start)
            {
                yield return (start, at);
            }
        }
    }

    /// <summary>The field <paramref name="index"/> (0-based) of a line that has it.</summary>
    private static string Token(string line, int index)
    {
        var (start, end) = Fields(line).ElementAt(index);
        return line.Substring(start, end - start);
    }

    /// <summary>An optional sign and ASCII digits, as <c>long.TryParse</c> with a leading sign reads them, without allocating.</summary>
    private static bool TryParseInteger(string text, int start, int end, out long value)
    {
        value = 0;
        bool negative = start < end && text[start] == '-';
        if (start < end && (text[start] == '-' || text[start] == '+'))
        {
            start++;
        }

        if (start == end)
        {
            return false;
        }

        ulong magnitude = 0;
        for (int k = start; k < end; k++)
        {
            uint digit = (uint)(text[k] - '0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (magnitude > (negative ? 9223372036854775808UL : long.MaxValue))
        {
            return false;
        }

        value = negative ? (long)(0UL - magnitude) : (long)magnitude;
        return true;
    }

    private static bool Is(string text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The next line, counting it; null at the end of the file.</summary>
    private string? Next()
    {
        string? line = _reader.ReadLine();
        if (line is not null)
        {
            _line++;
        }

        return line;
    }

    private MatrixMarketException Malformed(string what) => new(_line, what);
}
