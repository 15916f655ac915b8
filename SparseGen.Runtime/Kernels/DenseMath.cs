using System;
using System.Runtime.CompilerServices;
using System.Buffers;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SparseGen.Core;

namespace SparseGen.Kernels;

/// <summary>
/// The dense fully connected layer over feature-major batches: <c>Z = W X + b</c> with <c>W</c> row-major
/// <c>[nout, nin]</c>, <c>X</c> <c>[nin, batch]</c>. Batched passes are register-blocked (4 rows of <c>W</c> by
/// 32 samples per step, fused multiply-adds), <c>dW</c> likewise over the transposed input (4 rows by 16 inputs);
/// batch 1 is one SIMD dot product per output.
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
            biasGradient[j] = TensorPrimitives.Sum(outputGradient.Slice(j * batch, batch));
        }

        if (batch == 1)
        {
            for (int j = 0; j < outputs; j++)
            {
                TensorPrimitives.Multiply(input, outputGradient[j], weightGradient.Slice(j * inputs, inputs));
            }
        }
        else
        {
            float[] transposed = ArrayPool<float>.Shared.Rent(inputs * batch);
            try
            {
                Transpose(input, transposed, inputs, batch);

                WeightGradient(outputGradient, transposed, weightGradient, inputs, outputs, batch);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(transposed);
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
    /// <c>dW = dZ X^T</c> from <paramref name="transposedInput"/>, <c>X^T</c> as <c>[batch, inputs]</c>: four rows of
    /// <c>dW</c> by 16 inputs (8 registers) at a time, each weight's gradient a chain of fused multiply-adds over the
    /// samples in order, also in the tails, so a weight's result does not depend on where it sits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightGradient(ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> transposedInput, Span<float> weightGradient, int inputs, int outputs, int batch)
    {
        ref float dz = ref MemoryMarshal.GetReference(outputGradient);
        ref float xt = ref MemoryMarshal.GetReference(transposedInput);
        ref float dw = ref MemoryMarshal.GetReference(weightGradient);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + Rows <= outputs; j += Rows)
            {
                ref float d0 = ref Unsafe.Add(ref dz, j * batch);
                int i = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; i + 32 <= inputs; i += 32)
                    {
                        WeightGradient512(ref d0, ref Unsafe.Add(ref xt, i), ref Unsafe.Add(ref dw, (j * inputs) + i), inputs, batch);
                    }
                }

                for (; i + 16 <= inputs; i += 16)
                {
                    Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, e0 = default, e1 = default;
                    for (int s = 0; s < batch; s++)
                    {
                        ref float x = ref Unsafe.Add(ref xt, (s * inputs) + i);
                        Vector256<float> x0 = Vector256.LoadUnsafe(ref x), x1 = Vector256.LoadUnsafe(ref x, 8);
                        Vector256<float> g = Vector256.Create(Unsafe.Add(ref d0, s));
                        a0 = Vector256.FusedMultiplyAdd(g, x0, a0);
                        a1 = Vector256.FusedMultiplyAdd(g, x1, a1);
                        g = Vector256.Create(Unsafe.Add(ref d0, batch + s));
                        b0 = Vector256.FusedMultiplyAdd(g, x0, b0);
                        b1 = Vector256.FusedMultiplyAdd(g, x1, b1);
                        g = Vector256.Create(Unsafe.Add(ref d0, (2 * batch) + s));
                        c0 = Vector256.FusedMultiplyAdd(g, x0, c0);
                        c1 = Vector256.FusedMultiplyAdd(g, x1, c1);
                        g = Vector256.Create(Unsafe.Add(ref d0, (3 * batch) + s));
                        e0 = Vector256.FusedMultiplyAdd(g, x0, e0);
                        e1 = Vector256.FusedMultiplyAdd(g, x1, e1);
                    }

                    ref float w = ref Unsafe.Add(ref dw, (j * inputs) + i);
                    a0.StoreUnsafe(ref w);
                    a1.StoreUnsafe(ref w, 8);
                    b0.StoreUnsafe(ref w, (nuint)inputs);
                    b1.StoreUnsafe(ref w, (nuint)inputs + 8);
                    c0.StoreUnsafe(ref w, (nuint)(2 * inputs));
                    c1.StoreUnsafe(ref w, (nuint)(2 * inputs) + 8);
                    e0.StoreUnsafe(ref w, (nuint)(3 * inputs));
                    e1.StoreUnsafe(ref w, (nuint)(3 * inputs) + 8);
                }

                WeightGradientTail(ref dz, ref xt, ref dw, j, j + Rows, i, inputs, batch);
            }

            // The last rows, one at a time, 8 inputs per vector.
            for (; j < outputs; j++)
            {
                int i = 0;
                for (; i + 8 <= inputs; i += 8)
                {
                    Vector256<float> a = default;
                    for (int s = 0; s < batch; s++)
                    {
                        a = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref dz, (j * batch) + s)), Vector256.LoadUnsafe(ref xt, (nuint)((s * inputs) + i)), a);
                    }

                    a.StoreUnsafe(ref dw, (nuint)((j * inputs) + i));
                }

                WeightGradientTail(ref dz, ref xt, ref dw, j, j + 1, i, inputs, batch);
            }
        }

        WeightGradientTail(ref dz, ref xt, ref dw, j, outputs, 0, inputs, batch);
    }

    /// <summary>Writes <c>[rows, columns]</c> <paramref name="source"/> as <c>[columns, rows]</c>, 8 by 8 blocks in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int columns)
    {
        ref float a = ref MemoryMarshal.GetReference(source);
        ref float t = ref MemoryMarshal.GetReference(destination);
        int r0 = 0;
        if (Avx.IsSupported)
        {
            for (; r0 + 8 <= rows; r0 += 8)
            {
                int c0 = 0;
                for (; c0 + 8 <= columns; c0 += 8)
                {
                    ref float s = ref Unsafe.Add(ref a, (r0 * columns) + c0);
                    Vector256<float> x0 = Vector256.LoadUnsafe(ref s), x1 = Vector256.LoadUnsafe(ref s, (nuint)columns), x2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * columns)), x3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * columns));
                    Vector256<float> x4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * columns)), x5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * columns)), x6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * columns)), x7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * columns));
                    Transpose8x8.Store(x0, x1, x2, x3, x4, x5, x6, x7, ref Unsafe.Add(ref t, (c0 * rows) + r0), rows);
                }

                for (int r = r0; r < r0 + 8; r++)
                {
                    for (int c = c0; c < columns; c++)
                    {
                        Unsafe.Add(ref t, (c * rows) + r) = Unsafe.Add(ref a, (r * columns) + c);
                    }
                }
            }
        }

        for (int r = r0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Unsafe.Add(ref t, (c * rows) + r) = Unsafe.Add(ref a, (r * columns) + c);
            }
        }
    }

    /// <summary>Four rows of <c>dW</c> by 32 inputs in 512-bit registers; the same fused multiply-adds per value as the 256-bit blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightGradient512(ref float d0, ref float xt, ref float w, int inputs, int batch)
    {
        Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default, e0 = default, e1 = default;
        for (int s = 0; s < batch; s++)
        {
            ref float x = ref Unsafe.Add(ref xt, s * inputs);
            Vector512<float> x0 = Vector512.LoadUnsafe(ref x), x1 = Vector512.LoadUnsafe(ref x, 16);
            Vector512<float> g = Vector512.Create(Unsafe.Add(ref d0, s));
            a0 = Vector512.FusedMultiplyAdd(g, x0, a0);
            a1 = Vector512.FusedMultiplyAdd(g, x1, a1);
            g = Vector512.Create(Unsafe.Add(ref d0, batch + s));
            b0 = Vector512.FusedMultiplyAdd(g, x0, b0);
            b1 = Vector512.FusedMultiplyAdd(g, x1, b1);
            g = Vector512.Create(Unsafe.Add(ref d0, (2 * batch) + s));
            c0 = Vector512.FusedMultiplyAdd(g, x0, c0);
            c1 = Vector512.FusedMultiplyAdd(g, x1, c1);
            g = Vector512.Create(Unsafe.Add(ref d0, (3 * batch) + s));
            e0 = Vector512.FusedMultiplyAdd(g, x0, e0);
            e1 = Vector512.FusedMultiplyAdd(g, x1, e1);
        }

        a0.StoreUnsafe(ref w);
        a1.StoreUnsafe(ref w, 16);
        b0.StoreUnsafe(ref w, (nuint)inputs);
        b1.StoreUnsafe(ref w, (nuint)inputs + 16);
        c0.StoreUnsafe(ref w, (nuint)(2 * inputs));
        c1.StoreUnsafe(ref w, (nuint)(2 * inputs) + 16);
        e0.StoreUnsafe(ref w, (nuint)(3 * inputs));
        e1.StoreUnsafe(ref w, (nuint)(3 * inputs) + 16);
    }

    private static void WeightGradientTail(ref float dz, ref float xt, ref float dw, int rowStart, int rowEnd, int inputStart, int inputs, int batch)
    {
        for (int j = rowStart; j < rowEnd; j++)
        {
            for (int i = inputStart; i < inputs; i++)
            {
                float sum = 0f;
                for (int s = 0; s < batch; s++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref dz, (j * batch) + s), Unsafe.Add(ref xt, (s * inputs) + i), sum);
                }

                Unsafe.Add(ref dw, (j * inputs) + i) = sum;
            }
        }
    }

    /// <summary>
    /// <c>C += A B</c> (or <c>A^T B</c> when <paramref name="transposed"/>), <c>A</c> the row-major weights,
    /// <c>B</c> and <c>C</c> feature-major. Four rows of <c>C</c> by 32 samples (16 registers), then by 8, are
    /// accumulated over the whole shared dimension with fused multiply-adds and added to <c>C</c> once; the batch
    /// tail runs the same fused multiply-adds one sample at a time, so a sample's result does not depend on where
    /// it sits in the batch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAccumulate(ReadOnlySpan<float> weights, ReadOnlySpan<float> b, Span<float> c, int inputs, int outputs, int batch, bool transposed)
    {
        int rows = transposed ? inputs : outputs, depth = transposed ? outputs : inputs;
        int rowStride = transposed ? 1 : inputs, depthStride = transposed ? inputs : 1;
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float x = ref MemoryMarshal.GetReference(b);
        ref float y = ref MemoryMarshal.GetReference(c);
        int r0 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; r0 + Rows <= rows; r0 += Rows)
            {
                int s = 0;
                for (; s + 32 <= batch; s += 32)
                {
                    if (Vector512.IsHardwareAccelerated)
                    {
                        Block32Wide(ref Unsafe.Add(ref w, r0 * rowStride), rowStride, depthStride, ref Unsafe.Add(ref x, s), ref Unsafe.Add(ref y, (r0 * batch) + s), depth, batch);
                    }
                    else
                    {
                        Block32(ref Unsafe.Add(ref w, r0 * rowStride), rowStride, depthStride, ref Unsafe.Add(ref x, s), ref Unsafe.Add(ref y, (r0 * batch) + s), depth, batch);
                    }
                }

                for (; s + 8 <= batch; s += 8)
                {
                    Block8(ref Unsafe.Add(ref w, r0 * rowStride), rowStride, depthStride, ref Unsafe.Add(ref x, s), ref Unsafe.Add(ref y, (r0 * batch) + s), depth, batch);
                }

                Tail(ref w, rowStride, depthStride, ref x, ref y, r0, r0 + Rows, s, depth, batch);
            }

            // The last rows, one at a time, 8 samples per vector.
            for (; r0 < rows; r0++)
            {
                int s = 0;
                for (; s + 8 <= batch; s += 8)
                {
                    Vector256<float> acc = default;
                    ref float wr = ref Unsafe.Add(ref w, r0 * rowStride);
                    for (int d = 0; d < depth; d++)
                    {
                        acc = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref wr, d * depthStride)), Vector256.LoadUnsafe(ref x, (nuint)((d * batch) + s)), acc);
                    }

                    ref float yr = ref Unsafe.Add(ref y, (r0 * batch) + s);
                    (Vector256.LoadUnsafe(ref yr) + acc).StoreUnsafe(ref yr);
                }

                Tail(ref w, rowStride, depthStride, ref x, ref y, r0, r0 + 1, s, depth, batch);
            }
        }

        Tail(ref w, rowStride, depthStride, ref x, ref y, r0, rows, 0, depth, batch);
    }

    /// <summary>Four rows of <c>C</c> by 32 samples: 16 accumulators over the shared dimension.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block32(ref float w, int rowStride, int depthStride, ref float x, ref float y, int depth, int batch)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default, c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default, c30 = default, c31 = default, c32 = default, c33 = default;
        for (int d = 0; d < depth; d++)
        {
            ref float xd = ref Unsafe.Add(ref x, d * batch);
            Vector256<float> x0 = Vector256.LoadUnsafe(ref xd), x1 = Vector256.LoadUnsafe(ref xd, 8), x2 = Vector256.LoadUnsafe(ref xd, 16), x3 = Vector256.LoadUnsafe(ref xd, 24);
            ref float wd = ref Unsafe.Add(ref w, d * depthStride);
            Vector256<float> a = Vector256.Create(wd);
            c00 = Vector256.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, x1, c01);
            c02 = Vector256.FusedMultiplyAdd(a, x2, c02);
            c03 = Vector256.FusedMultiplyAdd(a, x3, c03);
            a = Vector256.Create(Unsafe.Add(ref wd, rowStride));
            c10 = Vector256.FusedMultiplyAdd(a, x0, c10);
            c11 = Vector256.FusedMultiplyAdd(a, x1, c11);
            c12 = Vector256.FusedMultiplyAdd(a, x2, c12);
            c13 = Vector256.FusedMultiplyAdd(a, x3, c13);
            a = Vector256.Create(Unsafe.Add(ref wd, 2 * rowStride));
            c20 = Vector256.FusedMultiplyAdd(a, x0, c20);
            c21 = Vector256.FusedMultiplyAdd(a, x1, c21);
            c22 = Vector256.FusedMultiplyAdd(a, x2, c22);
            c23 = Vector256.FusedMultiplyAdd(a, x3, c23);
            a = Vector256.Create(Unsafe.Add(ref wd, 3 * rowStride));
            c30 = Vector256.FusedMultiplyAdd(a, x0, c30);
            c31 = Vector256.FusedMultiplyAdd(a, x1, c31);
            c32 = Vector256.FusedMultiplyAdd(a, x2, c32);
            c33 = Vector256.FusedMultiplyAdd(a, x3, c33);
        }

        Add(ref y, c00, c01, c02, c03);
        Add(ref Unsafe.Add(ref y, batch), c10, c11, c12, c13);
        Add(ref Unsafe.Add(ref y, 2 * batch), c20, c21, c22, c23);
        Add(ref Unsafe.Add(ref y, 3 * batch), c30, c31, c32, c33);
    }

    /// <summary>Four rows of <c>C</c> by 32 samples in 512-bit registers; the same fused multiply-adds per value as <see cref="Block32"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block32Wide(ref float w, int rowStride, int depthStride, ref float x, ref float y, int depth, int batch)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int d = 0; d < depth; d++)
        {
            ref float xd = ref Unsafe.Add(ref x, d * batch);
            Vector512<float> x0 = Vector512.LoadUnsafe(ref xd), x1 = Vector512.LoadUnsafe(ref xd, 16);
            ref float wd = ref Unsafe.Add(ref w, d * depthStride);
            Vector512<float> a = Vector512.Create(wd);
            c00 = Vector512.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, x1, c01);
            a = Vector512.Create(Unsafe.Add(ref wd, rowStride));
            c10 = Vector512.FusedMultiplyAdd(a, x0, c10);
            c11 = Vector512.FusedMultiplyAdd(a, x1, c11);
            a = Vector512.Create(Unsafe.Add(ref wd, 2 * rowStride));
            c20 = Vector512.FusedMultiplyAdd(a, x0, c20);
            c21 = Vector512.FusedMultiplyAdd(a, x1, c21);
            a = Vector512.Create(Unsafe.Add(ref wd, 3 * rowStride));
            c30 = Vector512.FusedMultiplyAdd(a, x0, c30);
            c31 = Vector512.FusedMultiplyAdd(a, x1, c31);
        }

        for (int r = 0; r < Rows; r++)
        {
            ref float yr = ref Unsafe.Add(ref y, r * batch);
            var (lo, hi) = r switch { 0 => (c00, c01), 1 => (c10, c11), 2 => (c20, c21), _ => (c30, c31) };
            (Vector512.LoadUnsafe(ref yr) + lo).StoreUnsafe(ref yr);
            (Vector512.LoadUnsafe(ref yr, 16) + hi).StoreUnsafe(ref yr, 16);
        }
    }

    /// <summary>Four rows of <c>C</c> by 8 samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float w, int rowStride, int depthStride, ref float x, ref float y, int depth, int batch)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        for (int d = 0; d < depth; d++)
        {
            Vector256<float> xd = Vector256.LoadUnsafe(ref Unsafe.Add(ref x, d * batch));
            ref float wd = ref Unsafe.Add(ref w, d * depthStride);
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(wd), xd, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref wd, rowStride)), xd, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref wd, 2 * rowStride)), xd, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref wd, 3 * rowStride)), xd, c3);
        }

        (Vector256.LoadUnsafe(ref y) + c0).StoreUnsafe(ref y);
        (Vector256.LoadUnsafe(ref y, (nuint)batch) + c1).StoreUnsafe(ref y, (nuint)batch);
        (Vector256.LoadUnsafe(ref y, (nuint)(2 * batch)) + c2).StoreUnsafe(ref y, (nuint)(2 * batch));
        (Vector256.LoadUnsafe(ref y, (nuint)(3 * batch)) + c3).StoreUnsafe(ref y, (nuint)(3 * batch));
    }

    /// <summary>Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) from sample <paramref name="sampleStart"/> on, one sample at a time, with the vector lanes' fused multiply-adds.</summary>
    private static void Tail(ref float w, int rowStride, int depthStride, ref float x, ref float y, int rowStart, int rowEnd, int sampleStart, int depth, int batch)
    {
        for (int r = rowStart; r < rowEnd; r++)
        {
            for (int s = sampleStart; s < batch; s++)
            {
                float sum = 0;
                for (int d = 0; d < depth; d++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref w, (r * rowStride) + (d * depthStride)), Unsafe.Add(ref x, (d * batch) + s), sum);
                }

                Unsafe.Add(ref y, (r * batch) + s) += sum;
            }
        }
    }

    private static void Add(ref float y, Vector256<float> c0, Vector256<float> c1, Vector256<float> c2, Vector256<float> c3)
    {
        (Vector256.LoadUnsafe(ref y) + c0).StoreUnsafe(ref y);
        (Vector256.LoadUnsafe(ref y, 8) + c1).StoreUnsafe(ref y, 8);
        (Vector256.LoadUnsafe(ref y, 16) + c2).StoreUnsafe(ref y, 16);
        (Vector256.LoadUnsafe(ref y, 24) + c3).StoreUnsafe(ref y, 24);
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

    private static void Check(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> output, int inputs, int outputs, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Checks.Length(nameof(weights), weights.Length, (long)inputs * outputs);
        Checks.Length(nameof(input), input.Length, (long)inputs * batch);
        Checks.Length(nameof(output), output.Length, (long)outputs * batch);
    }
}
