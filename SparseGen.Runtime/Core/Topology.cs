using System;
using System.Collections.Generic;
using SparseGen.Core;
using SparseGen.Core.Patterns;
using SparseGen.Core.Random;

namespace SparseGen;

/// <summary>
/// The fixed connectivity of one layer: a set of distinct edges <c>(i, j)</c> from input <c>i</c> to output
/// <c>j</c>, stored in canonical order (by output, then input) as CSR over the rows of the <c>nout x nin</c>
/// biadjacency matrix <c>B</c> (docs/patterns.md, "Notation"). Weight arrays of a layer follow the same order:
/// weight <c>e</c> belongs to the <c>e</c>-th canonical edge. Instances are immutable.
/// </summary>
public sealed class Topology
{
    /// <summary>The largest edge count a layer can hold: the longest .NET array (<c>Array.MaxLength</c>).</summary>
    public const long MaxEdgeCount = 0x7FFFFFC7;

    internal readonly int[] RowOffsetArray;
    internal readonly int[] ColumnArray;
    private readonly int[] _fanOut;
    private ulong _fingerprint;
    private volatile bool _fingerprinted;

    private Topology(int inputs, int units, int[] rowOffsets, int[] columns)
    {
        Inputs = inputs;
        Units = units;
        RowOffsetArray = rowOffsets;
        ColumnArray = columns;
        _fanOut = new int[inputs];
        foreach (int i in columns)
        {
            _fanOut[i]++;
        }
    }

    /// <summary>Number of inputs <c>nin</c> (columns of <c>B</c>).</summary>
    public int Inputs { get; }

    /// <summary>Number of units <c>nout</c> (rows of <c>B</c>).</summary>
    public int Units { get; }

    /// <summary>Number of edges <c>E</c>.</summary>
    public int EdgeCount => ColumnArray.Length;

    /// <summary>Density <c>E / (nin * nout)</c>, in [0, 1].</summary>
    public double Density => (double)EdgeCount / ((double)Inputs * Units);

    /// <summary>
    /// FNV-1a 64 over the canonical edge list, each edge hashed as two little-endian int32 values, input
    /// <c>i</c> then output <c>j</c> (docs/patterns.md, "Determinism"). Two topologies with the same edges have the
    /// same fingerprint on every machine. Computed on first use (an evolving layer's topologies are mostly never
    /// fingerprinted), in <c>O(E)</c>.
    /// </summary>
    public ulong Fingerprint
    {
        get
        {
            if (!_fingerprinted)
            {
                _fingerprint = ComputeFingerprint(RowOffsetArray, ColumnArray);
                _fingerprinted = true;
            }

            return _fingerprint;
        }
    }

    /// <summary>Fan-in (in-degree) of output <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not in [0, <see cref="Units"/>).</exception>
    public int FanIn(int output)
    {
        if ((uint)output >= (uint)Units)
        {
            throw new ArgumentOutOfRangeException(nameof(output), output, $"The output index must be in [0, {Units}).");
        }

        return RowOffsetArray[output + 1] - RowOffsetArray[output];
    }

    /// <summary>Fan-out (out-degree) of input <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="input"/> is not in [0, <see cref="Inputs"/>).</exception>
    public int FanOut(int input)
    {
        if ((uint)input >= (uint)Inputs)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, $"The input index must be in [0, {Inputs}).");
        }

        return _fanOut[input];
    }

#if !SPARSEGEN_GENERATOR
    /// <summary>CSR row offsets, length <c>nout + 1</c>: the edges of output <c>j</c> are <c>RowOffsets[j] .. RowOffsets[j + 1] - 1</c>.</summary>
    public ReadOnlySpan<int> RowOffsets => RowOffsetArray;

    /// <summary>CSR column indices, length <c>E</c>: the input of each edge, in canonical order (ascending within a row).</summary>
    public ReadOnlySpan<int> Columns => ColumnArray;
#endif

    /// <summary>The edges in canonical order (by output, then input).</summary>
    public IEnumerable<(int Input, int Output)> Edges
    {
        get
        {
            for (int j = 0; j < Units; j++)
            {
                for (int e = RowOffsetArray[j]; e < RowOffsetArray[j + 1]; e++)
                {
                    yield return (ColumnArray[e], j);
                }
            }
        }
    }

    /// <summary>Writes the edges in canonical order (by output, then input): edge <c>e</c> goes from <c>inputs[e]</c> to <c>outputs[e]</c>.</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="EdgeCount"/>.</exception>
    public void CopyEdges(Span<int> inputs, Span<int> outputs)
    {
        Checks.Length(nameof(inputs), inputs.Length, EdgeCount);
        Checks.Length(nameof(outputs), outputs.Length, EdgeCount);
        int e = 0;
        for (int j = 0; j < Units; j++)
        {
            for (int k = RowOffsetArray[j]; k < RowOffsetArray[j + 1]; k++, e++)
            {
                inputs[e] = ColumnArray[k];
                outputs[e] = j;
            }
        }
    }

    /// <summary>
    /// The number of edges a pattern that works with a total edge count gives:
    /// <c>E = round(d * nin * nout)</c>, rounding half to even (docs/patterns.md, "Patterns").
    /// </summary>
    public static long EdgeCountFor(int inputs, int units, double density) =>
        (long)Math.Round(density * inputs * (double)units, MidpointRounding.ToEven);

    /// <summary>The per-input degree of the degree-based patterns: <c>k = round(d * nout)</c>, rounding half to even.</summary>
    public static int DegreeFor(int units, double density) =>
        (int)Math.Round(density * units, MidpointRounding.ToEven);

    /// <summary>True for the patterns that give every input the same fan-out <c>k = round(d * nout)</c> (random regular and the rotating family).</summary>
    public static bool UsesDegree(ConnectivityPattern pattern) => pattern is ConnectivityPattern.RandomRegular
        or ConnectivityPattern.RandomRotating or ConnectivityPattern.RegularRotating
        or ConnectivityPattern.LongShortRotating or ConnectivityPattern.FibonacciRotating;

    /// <summary>True for the patterns whose edges depend on the seed.</summary>
    public static bool UsesSeed(ConnectivityPattern pattern) => pattern is ConnectivityPattern.Uniform
        or ConnectivityPattern.ErdosRenyi or ConnectivityPattern.RandomRegular or ConnectivityPattern.RandomRotating;

    /// <summary>
    /// The number of edges <paramref name="pattern"/> gives at this size and density: <c>k * nin</c> for the
    /// degree-based patterns (<see cref="DegreeFor"/>), <see cref="EdgeCountFor(int, int, double)"/> otherwise.
    /// </summary>
    public static long EdgeCountFor(ConnectivityPattern pattern, int inputs, int units, double density) =>
        UsesDegree(pattern) ? (long)DegreeFor(units, density) * inputs : EdgeCountFor(inputs, units, density);

    /// <summary>
    /// Builds the topology of a layer with <paramref name="inputs"/> inputs and <paramref name="units"/>
    /// units by <paramref name="pattern"/> at <paramref name="density"/>. The same arguments give the same
    /// edges on every machine and in every version.
    /// </summary>
    /// <param name="pattern">The connectivity pattern.</param>
    /// <param name="inputs">Number of inputs <c>nin</c>, at least 1.</param>
    /// <param name="units">Number of units <c>nout</c>, at least 1.</param>
    /// <param name="density">Fraction of the <c>nin * nout</c> possible edges present, in [0, 1].</param>
    /// <param name="seed">Seed of the <see cref="Xoshiro256StarStar"/> generator (ignored by deterministic patterns).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, the density is NaN or outside [0, 1], the
    /// edge count exceeds <see cref="MaxEdgeCount"/>, or <paramref name="pattern"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is <see cref="ConnectivityPattern.Dense"/> and the density is not 1.</exception>
    public static Topology Create(ConnectivityPattern pattern, int inputs, int units, double density, ulong seed)
    {
        if (inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A layer needs at least one input.");
        }

        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "A layer needs at least one unit.");
        }

        if (double.IsNaN(density) || density < 0 || density > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(density), density, "The density must be a number in [0, 1].");
        }

        long edges = EdgeCountFor(pattern, inputs, units, density);
        if (edges > MaxEdgeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(density), density,
                $"{inputs} x {units} at density {density} has {edges} edges; a layer holds at most {MaxEdgeCount}. Lower the density or the layer sizes.");
        }

        switch (pattern)
        {
            case ConnectivityPattern.Dense:
                if (density != 1.0)
                {
                    throw new ArgumentException($"The Dense pattern connects every pair, so its density must be 1 (was {density}). Use Uniform for a sparse layer.", nameof(density));
                }

                return DenseTopology(inputs, units);
            case ConnectivityPattern.Uniform:
                return FromCanonicalPairs(inputs, units, UniformPattern.Build(inputs, units, (int)edges, new Xoshiro256StarStar(seed)));
            case ConnectivityPattern.ErdosRenyi:
                return FromCanonicalPairs(inputs, units, RandomPatterns.ErdosRenyi(inputs, units, edges, new Xoshiro256StarStar(seed)));
            case ConnectivityPattern.RandomRegular:
                return FromCanonicalPairs(inputs, units, RandomPatterns.RandomRegular(inputs, units, DegreeFor(units, density), new Xoshiro256StarStar(seed)));
            case ConnectivityPattern.RandomRotating:
            case ConnectivityPattern.RegularRotating:
            case ConnectivityPattern.LongShortRotating:
            case ConnectivityPattern.FibonacciRotating:
                int[] ones = RotatingPatterns.Ones(pattern, units, DegreeFor(units, density), new Xoshiro256StarStar(seed));
                return FromCanonicalPairs(inputs, units, RotatingPatterns.Rotate(inputs, units, ones));
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Unknown connectivity pattern.");
        }
    }

    /// <summary>
    /// Builds a topology from an explicit edge list, in any order (a user's own connectivity).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or an edge names an input or output outside the layer.</exception>
    /// <exception cref="ArgumentException">An edge appears twice.</exception>
    public static Topology FromEdges(int inputs, int units, IEnumerable<(int Input, int Output)> edges)
    {
        if (inputs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A layer needs at least one input.");
        }

        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "A layer needs at least one unit.");
        }

        var pairs = new List<long>();
        foreach (var (i, j) in edges)
        {
            if ((uint)i >= (uint)inputs || (uint)j >= (uint)units)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), $"Edge ({i}, {j}) is outside a layer of {inputs} inputs and {units} units.");
            }

            pairs.Add(((long)j * inputs) + i);
        }

        long[] sorted = pairs.ToArray();
        Array.Sort(sorted);
        for (int e = 1; e < sorted.Length; e++)
        {
            if (sorted[e] == sorted[e - 1])
            {
                throw new ArgumentException($"Edge ({sorted[e] % inputs}, {sorted[e] / inputs}) appears more than once.", nameof(edges));
            }
        }

        return FromCanonicalPairs(inputs, units, sorted);
    }

    /// <summary>
    /// Builds a topology from CSR arrays already in canonical order (<paramref name="rowOffsets"/> of length
    /// <c>units + 1</c> from 0 to <c>E</c>, inputs ascending within each unit), which it keeps without copying.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays are not such CSR arrays of a <paramref name="inputs"/> x <paramref name="units"/> layer.</exception>
    internal static Topology FromCsr(int inputs, int units, int[] rowOffsets, int[] columns)
    {
        if (inputs < 1 || units < 1 || rowOffsets.Length != units + 1 || rowOffsets[0] != 0 || rowOffsets[units] != columns.Length)
        {
            throw new ArgumentException($"CSR tables of {rowOffsets.Length} offsets and {columns.Length} columns are not those of a {inputs} x {units} layer.", nameof(rowOffsets));
        }

        for (int j = 0; j < units; j++)
        {
            if (rowOffsets[j + 1] < rowOffsets[j])
            {
                throw new ArgumentException($"Row offsets decrease at unit {j}.", nameof(rowOffsets));
            }

            for (int e = rowOffsets[j], previous = -1; e < rowOffsets[j + 1]; previous = columns[e++])
            {
                if (columns[e] <= previous || columns[e] >= inputs)
                {
                    throw new ArgumentException($"Unit {j} lists input {columns[e]} after {previous}; inputs must ascend within a unit and lie in [0, {inputs}).", nameof(columns));
                }
            }
        }

        return new Topology(inputs, units, rowOffsets, columns);
    }

    /// <summary>
    /// Keeps CSR arrays that the caller built in canonical order (as <see cref="FromCsr"/> takes them) without checking
    /// them again: for the library's own builders, whose tables are canonical by construction.
    /// </summary>
    internal static Topology FromCanonicalCsr(int inputs, int units, int[] rowOffsets, int[] columns)
    {
        System.Diagnostics.Debug.Assert(rowOffsets.Length == units + 1 && rowOffsets[0] == 0 && rowOffsets[units] == columns.Length, "CSR tables of another size");
        return new Topology(inputs, units, rowOffsets, columns);
    }

    /// <summary>
    /// The topology of <paramref name="pairs"/> (input, output of each edge, interleaved) when they are in canonical
    /// order without a repeat (outputs ascending, inputs strictly ascending within an output), as checkpoints write
    /// them, in <c>O(E)</c>; null when they are not, or an edge lies outside the layer (<see cref="FromEdges"/> then
    /// sorts them and says what is wrong).
    /// </summary>
    internal static Topology? FromCanonicalEdges(int inputs, int units, ReadOnlySpan<int> pairs)
    {
        var rowOffsets = new int[units + 1];
        var columns = new int[pairs.Length / 2];
        long previous = -1;
        for (int e = 0; e < columns.Length; e++)
        {
            int i = pairs[2 * e], j = pairs[(2 * e) + 1];
            long code = ((long)j * inputs) + i;
            if ((uint)i >= (uint)inputs || (uint)j >= (uint)units || code <= previous)
            {
                return null;
            }

            previous = code;
            columns[e] = i;
            rowOffsets[j + 1]++;
        }

        return FromRowCounts(inputs, units, rowOffsets, columns);
    }

    /// <summary>Builds the CSR arrays from sorted, distinct pair codes <c>j * nin + i</c>.</summary>
    internal static Topology FromCanonicalPairs(int inputs, int units, long[] sortedCodes)
    {
        var rowOffsets = new int[units + 1];
        var columns = new int[sortedCodes.Length];
        for (int e = 0; e < sortedCodes.Length; e++)
        {
            long code = sortedCodes[e];
            columns[e] = (int)(code % inputs);
            rowOffsets[(code / inputs) + 1]++;
        }

        return FromRowCounts(inputs, units, rowOffsets, columns);
    }

    /// <summary>The topology of CSR <paramref name="columns"/> whose <paramref name="rowOffsets"/> still hold each unit's edge count at <c>j + 1</c>, summed here in place.</summary>
    private static Topology FromRowCounts(int inputs, int units, int[] rowOffsets, int[] columns)
    {
        for (int j = 0; j < units; j++)
        {
            rowOffsets[j + 1] += rowOffsets[j];
        }

        return new Topology(inputs, units, rowOffsets, columns);
    }

    /// <summary>
    /// The transposed (CSC) view used by backward passes that gather over inputs: for input <c>i</c>,
    /// its edges are <c>offsets[i] .. offsets[i + 1] - 1</c>; <c>units</c> holds each edge's output and
    /// <c>edgeIndices</c> its index in canonical order (the weight it uses). Outputs ascend within an input.
    /// </summary>
    internal void Transpose(out int[] offsets, out int[] outputsByInput, out int[] edgeIndices)
    {
        offsets = new int[Inputs + 1];
        outputsByInput = new int[EdgeCount];
        edgeIndices = new int[EdgeCount];
        TransposeInto(offsets, outputsByInput, edgeIndices);
    }

    /// <summary>
    /// <see cref="Transpose(out int[], out int[], out int[])"/> into arrays the caller owns (at least <c>nin + 1</c>,
    /// <c>E</c> and <c>E</c> long), so a kernel rebuilt after its topology evolved reuses its tables. Up to
    /// <paramref name="threads"/> threads each place the edges of a block of outputs, from where the outputs before
    /// them end in each input's list, so the tables are the same for every thread count.
    /// </summary>
    internal void TransposeInto(int[] offsets, int[] outputsByInput, int[] edgeIndices, int threads = 1)
    {
        int start = 0;
        for (int i = 0; i < Inputs; i++)
        {
            offsets[i] = start;
            start += _fanOut[i];
        }

        offsets[Inputs] = start;

        // cursors[b][i]: where block b's next edge of input i goes. Each block counts its edges per input (the last
        // need not), so the blocks' tables (nin ints each) stay under a quarter of the edge count.
        int blocks = (int)Math.Max(1, Math.Min(Math.Min(threads, Units), EdgeCount / (4L * Inputs)));
        var cursors = new int[blocks][];
        ParallelBlocks.Run(Units, blocks, threads, (b, from, to) =>
        {
            cursors[b] = new int[Inputs];
            for (int e = RowOffsetArray[from]; b + 1 < blocks && e < RowOffsetArray[to]; e++)
            {
                cursors[b][ColumnArray[e]]++;
            }
        });
        ParallelBlocks.Run(Inputs, threads, (from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                for (int b = 0, at = offsets[i]; b < blocks; b++)
                {
                    int count = cursors[b][i];
                    cursors[b][i] = at;
                    at += count;
                }
            }
        });
        ParallelBlocks.Run(Units, blocks, threads, (b, from, to) =>
        {
            int[] cursor = cursors[b];
            for (int j = from; j < to; j++)
            {
                for (int e = RowOffsetArray[j]; e < RowOffsetArray[j + 1]; e++)
                {
                    int slot = cursor[ColumnArray[e]]++;
                    outputsByInput[slot] = j;
                    edgeIndices[slot] = e;
                }
            }
        });
    }

    private static Topology DenseTopology(int inputs, int units)
    {
        var rowOffsets = new int[units + 1];
        var columns = new int[inputs * units];
        for (int j = 0; j < units; j++)
        {
            rowOffsets[j + 1] = (j + 1) * inputs;
            for (int i = 0; i < inputs; i++)
            {
                columns[(j * inputs) + i] = i;
            }
        }

        return new Topology(inputs, units, rowOffsets, columns);
    }

    private static ulong ComputeFingerprint(int[] rowOffsets, int[] columns)
    {
        ulong hash = Fnv1a.OffsetBasis;
        for (int j = 0; j + 1 < rowOffsets.Length; j++)
        {
            for (int e = rowOffsets[j]; e < rowOffsets[j + 1]; e++)
            {
                hash = Fnv1a.Append(Fnv1a.Append(hash, columns[e]), j);
            }
        }

        return hash;
    }
}
