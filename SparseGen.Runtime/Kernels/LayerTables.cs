using System;
using System.ComponentModel;
using System.IO;
using SparseGen.Core.Formats;

namespace SparseGen.Kernels;

/// <summary>
/// The index tables of a generated <see cref="CodegenStrategy.Table"/> kernel, built once when the kernel type
/// loads instead of being baked into the assembly as <c>int</c> literals (docs/learned-topologies.md, "Compile-time
/// cost"): rebuilt by <see cref="Topology.Create"/> for a seeded pattern, decoded from the generator's compact
/// encoding for a topology file, and in both cases checked against the fingerprint the generator computed.
/// Called by generated code; not part of the everyday API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LayerTables
{
    private readonly int[] _inputOffsets;
    private readonly int[] _outputsByInput;
    private readonly int[] _edgesByInput;
    private LayerTables(Topology topology)
    {
        Topology = topology;
        topology.Transpose(out _inputOffsets, out _outputsByInput, out _edgesByInput);
    }

    /// <summary>The layer's topology.</summary>
    public Topology Topology { get; }

    /// <summary>CSR row offsets, length <c>nout + 1</c>: the edges of output j are <c>RowOffsets[j] .. RowOffsets[j + 1] - 1</c>. Shared, not to be written.</summary>
    public int[] RowOffsets => Topology.RowOffsetArray;

    /// <summary>The input of each edge in canonical order, length <c>E</c>. Shared, not to be written.</summary>
    public int[] Columns => Topology.ColumnArray;

    /// <summary>Transposed offsets, length <c>nin + 1</c>: the edges of input i are <c>InputOffsets[i] .. InputOffsets[i + 1] - 1</c>. Shared, not to be written.</summary>
    public int[] InputOffsets => _inputOffsets;

    /// <summary>The output of each transposed edge, length <c>E</c>. Shared, not to be written.</summary>
    public int[] OutputsByInput => _outputsByInput;

    /// <summary>The canonical index (weight) of each transposed edge, length <c>E</c>. Shared, not to be written.</summary>
    public int[] EdgesByInput => _edgesByInput;

    /// <summary>Rebuilds the tables of a seeded-pattern layer with the topology code the generator ran, and checks the result.</summary>
    /// <param name="layer">The layer's name, for the message.</param>
    /// <param name="pattern">The pattern.</param>
    /// <param name="inputs">Number of inputs.</param>
    /// <param name="units">Number of units.</param>
    /// <param name="density">The density.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="fingerprint">The fingerprint the generator computed for these arguments.</param>
    /// <exception cref="InvalidOperationException">The rebuilt topology's fingerprint differs: the runtime is not the version whose generator built the assembly.</exception>
    public static LayerTables Rebuild(string layer, ConnectivityPattern pattern, int inputs, int units, double density, ulong seed, ulong fingerprint)
    {
        Topology topology = Topology.Create(pattern, inputs, units, density, seed);
        if (topology.Fingerprint != fingerprint)
        {
            throw new InvalidOperationException(
                $"Layer '{layer}' ({pattern}, {inputs} x {units}, density {density}, seed {seed}): the runtime builds topology 0x{topology.Fingerprint:X16}, but the generator built 0x{fingerprint:X16}. " +
                "The SparseGen runtime is not the version whose generator compiled this model; reference one version of the SparseGen package.");
        }

        return new LayerTables(topology);
    }

    /// <summary>Decodes the tables the generator encoded from a topology file (<c>TableEncoding</c>), and checks the result.</summary>
    /// <param name="layer">The layer's name, for the message.</param>
    /// <param name="encoded">The encoded tables, UTF-8 base64.</param>
    /// <param name="inputs">Number of inputs.</param>
    /// <param name="units">Number of units.</param>
    /// <param name="edges">Number of edges.</param>
    /// <param name="fingerprint">The fingerprint the generator computed from the file.</param>
    /// <exception cref="InvalidDataException">The tables do not decode to a topology of these sizes with this fingerprint.</exception>
    public static LayerTables Decode(string layer, ReadOnlySpan<byte> encoded, int inputs, int units, int edges, ulong fingerprint)
    {
        var rowOffsets = new int[units + 1];
        var columns = new int[edges];
        TableEncoding.DecodeTopology(encoded, inputs, rowOffsets, columns);
        Topology topology = Topology.FromCsr(inputs, units, rowOffsets, columns);
        if (topology.Fingerprint != fingerprint)
        {
            throw new InvalidDataException($"Layer '{layer}': the encoded tables decode to topology 0x{topology.Fingerprint:X16}, but the generator read 0x{fingerprint:X16} from the file; the generated code is corrupted.");
        }

        return new LayerTables(topology);
    }

    /// <summary>
    /// Writes the initial weights the generator encoded from a topology file's values (canonical edge order) into
    /// <paramref name="weights"/>, in <paramref name="kernel"/>'s own weight order.
    /// </summary>
    /// <exception cref="InvalidDataException">The text does not hold exactly one float per edge of <paramref name="kernel"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> does not hold one value per edge.</exception>
    public static void InitialWeights(ILayerKernel kernel, ReadOnlySpan<byte> encoded, Span<float> weights)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Core.Checks.Length(nameof(weights), weights.Length, kernel.EdgeCount);
        var canonical = new float[kernel.EdgeCount];
        TableEncoding.DecodeFloats(encoded, canonical);
        var inputs = new int[kernel.EdgeCount];
        var outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, outputs);
        var codes = new long[kernel.EdgeCount];
        var slots = new int[kernel.EdgeCount];
        for (int s = 0; s < slots.Length; s++)
        {
            codes[s] = ((long)outputs[s] * kernel.Inputs) + inputs[s];
            slots[s] = s;
        }

        Array.Sort(codes, slots); // the kernel's slot of each canonical edge
        for (int c = 0; c < slots.Length; c++)
        {
            weights[slots[c]] = canonical[c];
        }
    }
}
