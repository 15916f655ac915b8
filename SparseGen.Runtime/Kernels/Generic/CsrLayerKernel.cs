using System;
using System.Numerics.Tensors;
using SparseGen.Core;

namespace SparseGen.Kernels.Generic;

/// <summary>
/// The generic kernel: forward and backward over a <see cref="Topology"/> read at run time (CSR for the
/// forward pass and <c>dW</c>, its transpose for <c>dx</c>). Same semantics and accumulation order as the
/// generated kernels; it serves topologies not known at compile time and is the reference they are tested against.
/// </summary>
public sealed class CsrLayerKernel : GenericLayerKernel
{
    private int[] _rowOffsets = [];
    private int[] _columns = [];
    private int[] _inputOffsets = [];
    private int[] _outputsByInput = [];
    private int[] _edgesByInput = [];

    /// <summary>Creates the kernel of <paramref name="topology"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    public CsrLayerKernel(Topology topology)
        : base(topology) => BuildTables(1);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        KernelChecks.Forward(this, weights, bias, input, output, batch);
        ForwardRows(weights, bias, input, output, batch, 0, Units);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch)
    {
        KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
        WeightGradientRows(input, outputGradient, weightGradient, biasGradient, batch, 0, Units);
        InputGradientRows(weights, outputGradient, inputGradient, batch, 0, inputGradient.IsEmpty ? 0 : Inputs);
    }

    /// <summary>
    /// <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/> on up to
    /// <paramref name="threads"/> threads, each taking blocks of outputs: for one chunk of a batch through a layer large
    /// enough to share (<see cref="Shares"/>). Every output is computed as the serial pass computes it, so the result does
    /// not depend on <paramref name="threads"/>.
    /// </summary>
    internal void Forward(ReadOnlyMemory<float> weights, ReadOnlyMemory<float> bias, ReadOnlyMemory<float> input, Memory<float> output, int batch, int threads)
    {
        KernelChecks.Forward(this, weights.Span, bias.Span, input.Span, output.Span, batch);
        ParallelBlocks.Run(Units, threads, (from, to) => ForwardRows(weights.Span, bias.Span, input.Span, output.Span, batch, from, to));
    }

    /// <summary>
    /// <see cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, int)"/>
    /// on up to <paramref name="threads"/> threads: <c>dW</c> and <c>db</c> by blocks of outputs, then <c>dx</c> by blocks of
    /// inputs (each gathering over its transposed edges); the result does not depend on <paramref name="threads"/>.
    /// </summary>
    internal void Backward(ReadOnlyMemory<float> weights, ReadOnlyMemory<float> input, ReadOnlyMemory<float> outputGradient,
        Memory<float> weightGradient, Memory<float> biasGradient, Memory<float> inputGradient, int batch, int threads)
    {
        KernelChecks.Backward(this, weights.Span, input.Span, outputGradient.Span, weightGradient.Span, biasGradient.Span, inputGradient.Span, batch);
        ParallelBlocks.Run(Units, threads, (from, to) => WeightGradientRows(input.Span, outputGradient.Span, weightGradient.Span, biasGradient.Span, batch, from, to));
        ParallelBlocks.Run(inputGradient.IsEmpty ? 0 : Inputs, threads, (from, to) => InputGradientRows(weights.Span, outputGradient.Span, inputGradient.Span, batch, from, to));
    }

    /// <summary>
    /// Whether a pass over <paramref name="batch"/> samples is worth sharing among threads: at least 2^20 edge-sample
    /// products (about a millisecond of work; the threads' start costs some microseconds).
    /// </summary>
    internal bool Shares(int batch) => (long)EdgeCount * batch >= 1 << 20;

    private void ForwardRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch, int from, int to)
    {
        for (int j = from; j < to; j++)
        {
            int start = _rowOffsets[j], length = _rowOffsets[j + 1] - start;
            if (batch == 1)
            {
                float sum = bias[j];
                for (int e = start; e < start + length; e++)
                {
                    sum += weights[e] * input[_columns[e]];
                }

                output[j] = sum;
            }
            else
            {
                CsrSpmm.Accumulate(weights.Slice(start, length), default, _columns.AsSpan(start, length), bias[j], input, output.Slice(j * batch, batch), batch);
            }
        }
    }

    private void WeightGradientRows(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, int batch, int from, int to)
    {
        for (int j = from; j < to; j++)
        {
            int start = _rowOffsets[j], length = _rowOffsets[j + 1] - start;
            if (batch == 1)
            {
                float dz = outputGradient[j];
                biasGradient[j] = dz;
                for (int e = start; e < start + length; e++)
                {
                    weightGradient[e] = dz * input[_columns[e]];
                }
            }
            else
            {
                ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                biasGradient[j] = TensorPrimitives.Sum(dz);
                CsrSpmm.Dot(dz, default, _columns.AsSpan(start, length), input, weightGradient.Slice(start, length), batch);
            }
        }
    }

    private void InputGradientRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            int start = _inputOffsets[i], length = _inputOffsets[i + 1] - start;
            if (batch == 1)
            {
                float sum = 0f;
                for (int t = start; t < start + length; t++)
                {
                    sum += weights[_edgesByInput[t]] * outputGradient[_outputsByInput[t]];
                }

                inputGradient[i] = sum;
            }
            else
            {
                CsrSpmm.Accumulate(weights, _edgesByInput.AsSpan(start, length), _outputsByInput.AsSpan(start, length), 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
            }
        }
    }

    /// <inheritdoc />
    private protected override void BuildTables(int threads)
    {
        _rowOffsets = Topology.RowOffsetArray;
        _columns = Topology.ColumnArray;
        Fit(ref _inputOffsets, Inputs + 1);
        Fit(ref _outputsByInput, EdgeCount);
        Fit(ref _edgesByInput, EdgeCount);
        Topology.TransposeInto(_inputOffsets, _outputsByInput, _edgesByInput, threads);
    }
}
