using System;
using System.Linq;
using SparseGen.Core;

namespace SparseGen.Generator.Model;

/// <summary>
/// A topology file read by the generator: its CSR tables in canonical order (units are rows, inputs columns),
/// its values when it is an integer or real file with a value on every entry, and the shifts when its topology
/// happens to be rotating. Compared by path, sizes and a content hash, so a pipeline step holding it compares in
/// constant time; the arrays are never written after reading.
/// </summary>
internal sealed class TopologyData : IEquatable<TopologyData>
{
    public TopologyData(string path, int inputs, int units, int[] rowOffsets, int[] columns, float[]? values, int[]? shifts)
    {
        Path = path;
        Inputs = inputs;
        Units = units;
        RowOffsets = rowOffsets;
        Columns = columns;
        Values = values;
        Shifts = shifts;
        ulong hash = Fnv1a.Append(Fnv1a.Append(Fnv1a.OffsetBasis, inputs), units);
        foreach (int offset in rowOffsets)
        {
            hash = Fnv1a.Append(hash, offset);
        }

        foreach (int column in columns)
        {
            hash = Fnv1a.Append(hash, column);
        }

        foreach (float value in values ?? [])
        {
            hash = Fnv1a.Append(hash, BitConverter.ToInt32(BitConverter.GetBytes(value), 0));
        }

        ContentHash = hash;
    }

    /// <summary>The file's path, as the compiler passes it.</summary>
    public string Path { get; }

    public int Inputs { get; }

    public int Units { get; }

    public int EdgeCount => Columns.Length;

    public int[] RowOffsets { get; }

    public int[] Columns { get; }

    /// <summary>The initial weights in canonical order, or null.</summary>
    public float[]? Values { get; }

    /// <summary>The shifts p_t, ascending, when input i feeds exactly the outputs <c>(p_t + i) mod nout</c>; else null.</summary>
    public int[]? Shifts { get; }

    /// <summary>FNV-1a 64 over sizes, tables and values.</summary>
    public ulong ContentHash { get; }

    public bool Equals(TopologyData? other) => other is not null && Path == other.Path && Inputs == other.Inputs && Units == other.Units
        && EdgeCount == other.EdgeCount && (Values is null) == (other.Values is null) && ContentHash == other.ContentHash;

    public override bool Equals(object? obj) => Equals(obj as TopologyData);

    public override int GetHashCode() => ContentHash.GetHashCode();

    /// <summary>
    /// The shifts of a rotating topology (docs/patterns.md): every edge (i, j) has shift <c>(j - i) mod nout</c>, and
    /// the topology is rotating when each shift that occurs does so for every input, since a shift and an input
    /// fix the edge. Null when it is not.
    /// </summary>
    public static int[]? RotationShifts(int inputs, int units, int[] rowOffsets, int[] columns)
    {
        if (columns.Length == 0 || columns.Length % inputs != 0)
        {
            return null;
        }

        var count = new int[units];
        for (int j = 0; j < units; j++)
        {
            for (int e = rowOffsets[j]; e < rowOffsets[j + 1]; e++)
            {
                count[(int)(((long)j - columns[e] + ((long)inputs / units + 1) * units) % units)]++;
            }
        }

        return count.All(c => c == 0 || c == inputs) ? Enumerable.Range(0, units).Where(s => count[s] > 0).ToArray() : null;
    }
}

/// <summary>What is wrong with a topology file, found by reading it.</summary>
internal enum FileProblemKind
{
    Malformed,
    Edge,

    /// <summary>More edges than <c>Limits.MaxFileEdges</c>.</summary>
    TooLarge,

    /// <summary>More rows or columns than <c>Limits.MaxLayerSize</c>; <c>What</c> is "rows x columns".</summary>
    TooManyUnits,
}

/// <summary>A topology file's problem: its kind, where (a line of the file) and what, in words.</summary>
internal sealed record FileProblem(FileProblemKind Kind, SourceSite Site, int Line, string What);

/// <summary>The result of reading one topology file: its data, or its problem.</summary>
internal sealed record TopologyFile(string Path, TopologyData? Data, FileProblem? Problem);

/// <summary>Every AdditionalFiles path of the compilation, and the topology files some layer names, read.</summary>
internal sealed record TopologyFileSet(EquatableArray<string> Paths, EquatableArray<TopologyFile> Files);
