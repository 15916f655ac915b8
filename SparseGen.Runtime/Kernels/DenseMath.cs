using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using SparseGen.Core;

namespace SparseGen.Kernels;

/// <summary>
/// The dense fully connected layer over feature-major batches: <c>Z = W X + b</c> with <c>W</c> row-major
/// <c>[nout, nin]</c>, <c>X</c> <c>[nin, batch]</c>. Batched passes are register-blocked (4 rows of <c>W</c> by
/// 8 samples per step, with FMA where the CPU has it); batch 1 is one SIMD dot product per output.
/// The baseline the sparse kernels are measured against, and the code generated for dense layers.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseMath
{
    private const int Rows = 4;

    /// <summary><c>output = weights * input + bias</c>.</summary>
    /// <exception cref="ArgumentException">A span's length does not fit <paramref name="inputs"/>, <paramref name="outputs"/> and <paramref name="batch"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int inputs, int outputs, int batch)
    {
        Check(weights, input, output, inputs, outputs, batch);
        Checks.Length(nameof(bias), bias.Length, outputs);
        if (batch == 1)
        {
            for (int j = 0; j < outputs; j++)
            {
                output[j] = bias[j] + TensorPrimitives.Dot(weights.Slice(j * inputs, inputs), input);
            }

            return;
        }

        for (int j = 0; j < outputs; j++)
        {
            output.Slice(j * batch, batch).Fill(bias[j]);
        }

        MultiplyAccumulate(weights, input, output, inputs, outputs, batch, transposed: false);
    }

    /// <summary>
    /// Gradients: <c>dW = dZ X^T</c>, <c>db = dZ 1</c>, and <c>dX = W^T dZ</c> unless <paramref name="inputGradient"/> is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not fit the sizes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int inputs, int outputs, int batch)
    {
        Check(weights, input, outputGradient, inputs, outputs, batch);
        Checks.Length(nameof(weightGradient), weightGradient.Length, (long)inputs * outputs);
        Checks.Length(nameof(biasGradient), biasGradient.Length, outputs);
        for (int j = 0; j < outputs; j++)
        {
            ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
            biasGradient[j] = TensorPrimitives.Sum(dz);
            Span<float> dw = weightGradient.Slice(j * inputs, inputs);
            if (batch == 1)
            {
                TensorPrimitives.Multiply(input, dz[0], dw);
                continue;
            }

            if (batch == 32 && Vector256.IsHardwareAccelerated)
            {
                SparseRows.Dot32(dz, input, dw);
                continue;
            }

            for (int i = 0; i < inputs; i++)
            {
                dw[i] = TensorPrimitives.Dot(dz, input.Slice(i * batch, batch));
            }
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        Checks.Length(nameof(inputGradient), inputGradient.Length, (long)inputs * batch);
        inputGradient.Clear();
        if (batch == 1)
        {
            for (int j = 0; j < outputs; j++)
            {
                TensorPrimitives.MultiplyAdd(weights.Slice(j * inputs, inputs), outputGradient[j], inputGradient, inputGradient);
            }

            return;
        }

        MultiplyAccumulate(weights, outputGradient, inputGradient, inputs, outputs, batch, transposed: true);
    }

    /// <summary>
    /// <c>C += A B</c> (or <c>A^T B</c> when <paramref name="transposed"/>), <c>A</c> the row-major weights,
    /// <c>B</c> and <c>C</c> feature-major. Four rows of <c>C</c> and one 8-sample vector are accumulated in
    /// registers over the whole shared dimension; the batch tail falls back to scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAccumulate(ReadOnlySpan<float> weights, ReadOnlySpan<float> b, Span<float> c, int inputs, int outputs, int batch, bool transposed)
    {
        int rows = transposed ? inputs : outputs, depth = transposed ? outputs : inputs;
        int rowStride = transposed ? 1 : inputs, depthStride = transposed ? inputs : 1;
        int vectorEnd = Vector256.IsHardwareAccelerated ? batch - (batch % Vector256<float>.Count) : 0;
        for (int r0 = 0; r0 < rows; r0 += Rows)
        {
            int count = Math.Min(Rows, rows - r0);
            for (int s = 0; s < vectorEnd; s += Vector256<float>.Count)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (int d = 0; d < depth; d++)
                {
                    Vector256<float> x = Vector256.Create(b.Slice((d * batch) + s, Vector256<float>.Count));
                    int w = (r0 * rowStride) + (d * depthStride);
                    a0 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[w]), x, a0);
                    if (count > 1)
                    {
                        a1 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[w + rowStride]), x, a1);
                    }

                    if (count > 2)
                    {
                        a2 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[w + (2 * rowStride)]), x, a2);
                    }

                    if (count > 3)
                    {
                        a3 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[w + (3 * rowStride)]), x, a3);
                    }
                }

                Add(c, ((r0 + 0) * batch) + s, a0);
                if (count > 1)
                {
                    Add(c, ((r0 + 1) * batch) + s, a1);
                }

                if (count > 2)
                {
                    Add(c, ((r0 + 2) * batch) + s, a2);
                }

                if (count > 3)
                {
                    Add(c, ((r0 + 3) * batch) + s, a3);
                }
            }

            for (int r = r0; r < r0 + count; r++)
            {
                for (int s = vectorEnd; s < batch; s++)
                {
                    float sum = 0;
                    for (int d = 0; d < depth; d++)
                    {
                        sum += weights[(r * rowStride) + (d * depthStride)] * b[(d * batch) + s];
                    }

                    c[(r * batch) + s] += sum;
                }
            }
        }
    }

    /// <summary>The edge of each weight of a row-major <c>[outputs, inputs]</c> matrix: weight <c>e</c> joins input <c>e mod inputs</c> to output <c>e / inputs</c>.</summary>
    /// <exception cref="ArgumentException">A span's length is not <c>inputs * outputs</c>.</exception>
    public static void WeightEdges(int inputs, Span<int> edgeInputs, Span<int> edgeOutputs)
    {
        Checks.Length(nameof(edgeOutputs), edgeOutputs.Length, edgeInputs.Length);
        for (int e = 0; e < edgeInputs.Length; e++)
        {
            edgeInputs[e] = e % inputs;
            edgeOutputs[e] = e / inputs;
        }
    }

    private static void Add(Span<float> c, int offset, Vector256<float> value)
    {
        Span<float> target = c.Slice(offset, Vector256<float>.Count);
        (Vector256.Create((ReadOnlySpan<float>)target) + value).CopyTo(target);
    }

    private static void Check(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int inputs, int outputs, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Checks.Length(nameof(weights), weights.Length, (long)inputs * outputs);
        Checks.Length(nameof(input), input.Length, (long)inputs * batch);
        Checks.Length(nameof(output), output.Length, (long)outputs * batch);
    }
}
