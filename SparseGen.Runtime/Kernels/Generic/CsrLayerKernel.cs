using System;
using System.Numerics.Tensors;

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
        : base(topology) => BuildTables();

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        KernelChecks.Forward(this, weights, bias, input, output, batch);
        if (batch == 1)
        {
            for (int j = 0; j < Units; j++)
            {
                float sum = bias[j];
                for (int e = _rowOffsets[j]; e < _rowOffsets[j + 1]; e++)
                {
                    sum += weights[e] * input[_columns[e]];
                }

                output[j] = sum;
            }

            return;
        }

        for (int j = 0; j < Units; j++)
        {
            int start = _rowOffsets[j], length = _rowOffsets[j + 1] - start;
            CsrSpmm.Accumulate(weights.Slice(start, length), default, _columns.AsSpan(start, length), bias[j], input, output.Slice(j * batch, batch), batch);
        }
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch)
    {
        KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
        if (batch == 1)
        {
            BackwardOne(weights, input, outputGradient, weightGradient, biasGradient, inputGradient);
            return;
        }

        for (int j = 0; j < Units; j++)
        {
            ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
            biasGradient[j] = TensorPrimitives.Sum(dz);
            int start = _rowOffsets[j], length = _rowOffsets[j + 1] - start;
            CsrSpmm.Dot(dz, default, _columns.AsSpan(start, length), input, weightGradient.Slice(start, length), batch);
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < Inputs; i++)
        {
            int start = _inputOffsets[i], length = _inputOffsets[i + 1] - start;
            CsrSpmm.Accumulate(weights, _edgesByInput.AsSpan(start, length), _outputsByInput.AsSpan(start, length), 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
        }
    }

    /// <inheritdoc />
    private protected override void BuildTables()
    {
        _rowOffsets = Topology.RowOffsetArray;
        _columns = Topology.ColumnArray;
        Fit(ref _inputOffsets, Inputs + 1);
        Fit(ref _outputsByInput, EdgeCount);
        Fit(ref _edgesByInput, EdgeCount);
        Topology.TransposeInto(_inputOffsets, _outputsByInput, _edgesByInput);
    }

    private void BackwardOne(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient)
    {
        for (int j = 0; j < Units; j++)
        {
            float dz = outputGradient[j];
            biasGradient[j] = dz;
            for (int e = _rowOffsets[j]; e < _rowOffsets[j + 1]; e++)
            {
                weightGradient[e] = dz * input[_columns[e]];
            }
        }

        for (int i = 0; i < inputGradient.Length; i++)
        {
            float sum = 0f;
            for (int t = _inputOffsets[i]; t < _inputOffsets[i + 1]; t++)
            {
                sum += weights[_edgesByInput[t]] * outputGradient[_outputsByInput[t]];
            }

            inputGradient[i] = sum;
        }
    }
}
