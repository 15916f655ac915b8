using System;
using System.Numerics.Tensors;

namespace SparseGen.Kernels.Generic;

/// <summary>
/// The generic ELLPACK kernel: every output row has the same number of index slots, <c>width = max fan-in</c>, so
/// row <c>j</c> starts at <c>j * width</c> with no offset table; each slot holds the input and the canonical
/// weight index, and a per-row count says how many slots a shorter row uses. The transposed ELL (width = max fan-out) serves
/// <c>dx</c>. Weights stay in canonical order, and the sums run in the same order as <see cref="CsrLayerKernel"/>,
/// so the two agree bit for bit. Indices are read at run time: this is the kernel the generated code is measured against.
/// </summary>
public sealed class EllLayerKernel : GenericLayerKernel
{
    private int _width;
    private int[] _columns = [];
    private int[] _edges = [];
    private int[] _lengths = [];
    private int _transposedWidth;
    private int[] _transposedOutputs = [];
    private int[] _transposedEdges = [];
    private int[] _transposedLengths = [];
    private int[] _inputOffsets = [];
    private int[] _outputsByInput = [];
    private int[] _edgesByInput = [];

    /// <summary>Creates the kernel of <paramref name="topology"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    public EllLayerKernel(Topology topology)
        : base(topology) => BuildTables(1);

    /// <summary>Index slots per output row: the largest fan-in.</summary>
    public int Width => _width;

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        KernelChecks.Forward(this, weights, bias, input, output, batch);
        for (int j = 0; j < Units; j++)
        {
            int row = j * _width, length = _lengths[j];
            if (batch == 1)
            {
                float sum = bias[j];
                for (int s = row; s < row + length; s++)
                {
                    sum += weights[_edges[s]] * input[_columns[s]];
                }

                output[j] = sum;
                continue;
            }

            CsrSpmm.Accumulate(weights, _edges.AsSpan(row, length), _columns.AsSpan(row, length), bias[j], input, output.Slice(j * batch, batch), batch);
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch)
    {
        KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
        for (int j = 0; j < Units; j++)
        {
            ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
            biasGradient[j] = batch == 1 ? dz[0] : TensorPrimitives.Sum(dz);
            int row = j * _width, length = _lengths[j];
            CsrSpmm.Dot(dz, _edges.AsSpan(row, length), _columns.AsSpan(row, length), input, weightGradient, batch);
        }

        for (int i = 0; i < inputGradient.Length / batch; i++)
        {
            int row = i * _transposedWidth, length = _transposedLengths[i];
            if (batch == 1)
            {
                float sum = 0f;
                for (int s = row; s < row + length; s++)
                {
                    sum += weights[_transposedEdges[s]] * outputGradient[_transposedOutputs[s]];
                }

                inputGradient[i] = sum;
                continue;
            }

            CsrSpmm.Accumulate(weights, _transposedEdges.AsSpan(row, length), _transposedOutputs.AsSpan(row, length), 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
        }
    }

    /// <inheritdoc />
    private protected override void BuildTables(int threads)
    {
        _width = Pack(Units, Topology.RowOffsetArray, Topology.ColumnArray, null, ref _columns, ref _edges, ref _lengths);
        Fit(ref _inputOffsets, Inputs + 1);
        Fit(ref _outputsByInput, EdgeCount);
        Fit(ref _edgesByInput, EdgeCount);
        Topology.TransposeInto(_inputOffsets, _outputsByInput, _edgesByInput, threads);
        _transposedWidth = Pack(Inputs, _inputOffsets, _outputsByInput, _edgesByInput, ref _transposedOutputs, ref _transposedEdges, ref _transposedLengths);
    }

    /// <summary>
    /// Packs CSR rows into fixed-width slots, into the given arrays when they are long enough (slots past a row's
    /// length are never read); <paramref name="edgeIndices"/> null means the edge index is the CSR position. Returns the width.
    /// </summary>
    private static int Pack(int rows, int[] offsets, int[] indices, int[]? edgeIndices, ref int[] packed, ref int[] edges, ref int[] lengths)
    {
        Fit(ref lengths, rows);
        int width = 0;
        for (int r = 0; r < rows; r++)
        {
            lengths[r] = offsets[r + 1] - offsets[r];
            width = Math.Max(width, lengths[r]);
        }

        Grow(ref packed, (long)rows * width);
        Grow(ref edges, (long)rows * width);
        for (int r = 0; r < rows; r++)
        {
            for (int p = offsets[r]; p < offsets[r + 1]; p++)
            {
                int slot = (r * width) + p - offsets[r];
                packed[slot] = indices[p];
                edges[slot] = edgeIndices is null ? p : edgeIndices[p];
            }
        }

        return width;
    }
}
