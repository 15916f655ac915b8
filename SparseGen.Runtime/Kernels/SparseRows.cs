using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SparseGen.Kernels;

/// <summary>
/// The batched inner loop every sparse kernel shares: one destination row (an output for the forward pass, an
/// input for <c>dx</c>) accumulates its edges' weighted source rows with the partial sums held in registers,
/// 32 samples (four 256-bit vectors) at a time, so the destination is written once instead of once per edge.
/// Each sample's sum runs in edge order, <c>((init + w0 x0) + w1 x1) + ...</c>, multiply then add, exactly as an
/// edge-by-edge AXPY would, so every kernel that uses it agrees bit for bit with the others.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SparseRows
{
    /// <summary>
    /// <c>destination[b] = init + sum over t of w(t) * source[indices[t] * batch + b]</c> for <c>b</c> in
    /// [0, batch), where <c>w(t)</c> is <c>weights[edges[t]]</c>, or <c>weights[t]</c> when <paramref name="edges"/> is empty.
    /// </summary>
    /// <param name="weights">The weights the edges index, or the row's own contiguous weights when <paramref name="edges"/> is empty.</param>
    /// <param name="edges">Weight index of each term, or empty.</param>
    /// <param name="indices">Source row of each term.</param>
    /// <param name="init">The starting value (a bias, or 0).</param>
    /// <param name="source">Feature-major source, <c>[rows, batch]</c>.</param>
    /// <param name="destination">The row to write, length <paramref name="batch"/>.</param>
    /// <param name="batch">Samples per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<float> weights, ReadOnlySpan<int> edges, ReadOnlySpan<int> indices, float init,
        ReadOnlySpan<float> source, Span<float> destination, int batch)
    {
        int count = indices.Length;
        bool direct = edges.IsEmpty;
        int s = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; s + 32 <= batch; s += 32)
            {
                Vector256<float> a0 = Vector256.Create(init), a1 = a0, a2 = a0, a3 = a0;
                for (int t = 0; t < count; t++)
                {
                    Vector256<float> w = Vector256.Create(direct ? weights[t] : weights[edges[t]]);
                    ReadOnlySpan<float> x = source.Slice((indices[t] * batch) + s, 32);
                    ref float x0 = ref MemoryMarshal.GetReference(x);
                    a0 += w * Vector256.LoadUnsafe(ref x0);
                    a1 += w * Vector256.LoadUnsafe(ref x0, 8);
                    a2 += w * Vector256.LoadUnsafe(ref x0, 16);
                    a3 += w * Vector256.LoadUnsafe(ref x0, 24);
                }

                ref float d = ref MemoryMarshal.GetReference(destination.Slice(s, 32));
                a0.StoreUnsafe(ref d);
                a1.StoreUnsafe(ref d, 8);
                a2.StoreUnsafe(ref d, 16);
                a3.StoreUnsafe(ref d, 24);
            }

            for (; s + 8 <= batch; s += 8)
            {
                Vector256<float> a = Vector256.Create(init);
                for (int t = 0; t < count; t++)
                {
                    a += Vector256.Create(direct ? weights[t] : weights[edges[t]]) * Vector256.Create(source.Slice((indices[t] * batch) + s, 8));
                }

                a.CopyTo(destination.Slice(s, 8));
            }
        }

        for (; s < batch; s++)
        {
            float sum = init;
            for (int t = 0; t < count; t++)
            {
                sum += (direct ? weights[t] : weights[edges[t]]) * source[(indices[t] * batch) + s];
            }

            destination[s] = sum;
        }
    }

    /// <summary>
    /// <c>results[w(t)] = sum over b of row[b] * source[indices[t] * batch + b]</c>: the weight gradients of one
    /// output row, with the row held in registers. <c>w(t)</c> is <c>edges[t]</c>, or <c>t</c> when <paramref name="edges"/> is empty.
    /// Every kernel computes <c>dW</c> with it, so they agree bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot(ReadOnlySpan<float> row, ReadOnlySpan<int> edges, ReadOnlySpan<int> indices, ReadOnlySpan<float> source, Span<float> results, int batch)
    {
        bool direct = edges.IsEmpty;
        if (batch == 32 && Vector256.IsHardwareAccelerated)
        {
            ref float r0 = ref MemoryMarshal.GetReference(row.Slice(0, 32));
            Vector256<float> d0 = Vector256.LoadUnsafe(ref r0), d1 = Vector256.LoadUnsafe(ref r0, 8), d2 = Vector256.LoadUnsafe(ref r0, 16), d3 = Vector256.LoadUnsafe(ref r0, 24);
            for (int t = 0; t < indices.Length; t++)
            {
                ref float x0 = ref MemoryMarshal.GetReference(source.Slice(indices[t] * 32, 32));
                Vector256<float> sum = (d0 * Vector256.LoadUnsafe(ref x0)) + (d1 * Vector256.LoadUnsafe(ref x0, 8))
                    + (d2 * Vector256.LoadUnsafe(ref x0, 16)) + (d3 * Vector256.LoadUnsafe(ref x0, 24));
                results[direct ? t : edges[t]] = Vector256.Sum(sum);
            }

            return;
        }

        for (int t = 0; t < indices.Length; t++)
        {
            results[direct ? t : edges[t]] = Dot(row, source.Slice(indices[t] * batch, batch));
        }
    }

    /// <summary>A dot product in a fixed order: 8-lane partial sums, then the lanes, then the scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = Math.Min(a.Length, b.Length), k = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> sum = Vector256<float>.Zero;
            for (; k + 8 <= n; k += 8)
            {
                sum += Vector256.Create(a.Slice(k, 8)) * Vector256.Create(b.Slice(k, 8));
            }

            total = Vector256.Sum(sum);
        }

        for (; k < n; k++)
        {
            total += a[k] * b[k];
        }

        return total;
    }
}
