using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseGen.Kernels;

/// <summary>
/// The row loops of a CSR sparse-times-dense product (SpMM) over feature-major batches, which every sparse kernel
/// shares. <see cref="Accumulate"/>: one destination row (an output for the forward pass, an input for <c>dx</c>)
/// accumulates its edges' weighted source rows with the partial sums held in registers, 32 samples at a time, so
/// the destination is written once instead of once per edge. Each sample's
/// sum runs in edge order, <c>((init + w0 x0) + w1 x1) + ...</c>, multiply then add, exactly as an edge-by-edge AXPY
/// would, whatever the vector width, so every kernel that uses it agrees bit for bit with the others.
/// <see cref="Dot(ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float}, int)"/>: the weight gradients of one row, eight edges per step.
/// </summary>
/// <remarks>
/// Indices are checked once per call against the buffers they index (a bad index throws
/// <see cref="IndexOutOfRangeException"/>), so the loops read without bounds checks.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CsrSpmm
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
    /// <exception cref="IndexOutOfRangeException">An index is outside the buffer it indexes, or a span is shorter than the terms need.</exception>
    public static void Accumulate(ReadOnlySpan<float> weights, ReadOnlySpan<int> edges, ReadOnlySpan<int> indices, float init,
        ReadOnlySpan<float> source, Span<float> destination, int batch)
    {
        CheckRows(indices, source.Length, batch);
        if (destination.Length < batch)
        {
            throw new IndexOutOfRangeException($"The destination holds {destination.Length} values; the batch has {batch}.");
        }

        if (edges.IsEmpty)
        {
            if (weights.Length < indices.Length)
            {
                throw new IndexOutOfRangeException($"{indices.Length} terms need {indices.Length} weights; {weights.Length} were given.");
            }

            Accumulate(new Direct(ref MemoryMarshal.GetReference(weights)), indices, init, source, destination, batch);
        }
        else
        {
            CheckIndices(edges, indices.Length, weights.Length, "weight");
            Accumulate(new Indexed(ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(edges)), indices, init, source, destination, batch);
        }
    }

    /// <summary>
    /// <c>results[w(t)] = sum over b of row[b] * source[indices[t] * batch + b]</c>: the weight gradients of one
    /// output row, with the row held in registers. <c>w(t)</c> is <c>edges[t]</c>, or <c>t</c> when <paramref name="edges"/> is empty.
    /// For a batch of 32 each term is <c>((p0 + p1) + p2) + p3</c> over four 8-sample products, its lanes added as
    /// <c>((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7))</c>; otherwise <see cref="Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// Every kernel computes <c>dW</c> with it, so they agree bit for bit.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">An index is outside the buffer it indexes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot(ReadOnlySpan<float> row, ReadOnlySpan<int> edges, ReadOnlySpan<int> indices, ReadOnlySpan<float> source, Span<float> results, int batch)
    {
        bool direct = edges.IsEmpty;
        if (batch == 32 && row.Length >= 32 && Vector256.IsHardwareAccelerated)
        {
            CheckRows(indices, source.Length, batch);
            if (!direct)
            {
                CheckIndices(edges, indices.Length, results.Length, "result");
            }
            else if (results.Length < indices.Length)
            {
                throw new IndexOutOfRangeException($"{indices.Length} terms need {indices.Length} results; {results.Length} were given.");
            }

            Dot32(row, ref MemoryMarshal.GetReference(indices), indices.Length, edges, source, results);
            return;
        }

        for (int t = 0; t < indices.Length; t++)
        {
            results[direct ? t : edges[t]] = Dot(row, source.Slice(indices[t] * batch, batch));
        }
    }

    /// <summary>
    /// <c>results[w(t)] = sum over 32 samples of row[b] * source[index[t] * 32 + b]</c> for <c>t</c> in [0, count),
    /// in the order <see cref="Dot(ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float}, int)"/>
    /// documents; indices already checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot32(ReadOnlySpan<float> row, ref int index, int count, ReadOnlySpan<int> edges, ReadOnlySpan<float> source, Span<float> results)
    {
        bool direct = edges.IsEmpty;
        ref float r0 = ref MemoryMarshal.GetReference(row);
        Vector256<float> d0 = Vector256.LoadUnsafe(ref r0), d1 = Vector256.LoadUnsafe(ref r0, 8), d2 = Vector256.LoadUnsafe(ref r0, 16), d3 = Vector256.LoadUnsafe(ref r0, 24);
        ref float x = ref MemoryMarshal.GetReference(source);
        ref int edge = ref MemoryMarshal.GetReference(edges);
        ref float result = ref MemoryMarshal.GetReference(results);
        int t = 0;
        if (Avx.IsSupported)
        {
            for (; t + 8 <= count; t += 8)
            {
                Vector256<float> s0 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t));
                Vector256<float> s1 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 1));
                Vector256<float> s2 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 2));
                Vector256<float> s3 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 3));
                Vector256<float> s4 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 4));
                Vector256<float> s5 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 5));
                Vector256<float> s6 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 6));
                Vector256<float> s7 = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t + 7));

                // Pairwise horizontal adds: lane k of the result is term t + k's ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)).
                Vector256<float> g0 = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
                Vector256<float> g1 = Avx.HorizontalAdd(Avx.HorizontalAdd(s4, s5), Avx.HorizontalAdd(s6, s7));
                Vector256<float> sums = Avx.Permute2x128(g0, g1, 0x20) + Avx.Permute2x128(g0, g1, 0x31);
                if (direct)
                {
                    sums.StoreUnsafe(ref result, (nuint)t);
                }
                else
                {
                    for (int k = 0; k < 8; k++)
                    {
                        Unsafe.Add(ref result, Unsafe.Add(ref edge, t + k)) = sums.GetElement(k);
                    }
                }
            }
        }

        for (; t < count; t++)
        {
            Vector256<float> s = Product(d0, d1, d2, d3, ref x, Unsafe.Add(ref index, t));
            float sum = ((s.GetElement(0) + s.GetElement(1)) + (s.GetElement(2) + s.GetElement(3))) + ((s.GetElement(4) + s.GetElement(5)) + (s.GetElement(6) + s.GetElement(7)));
            Unsafe.Add(ref result, direct ? t : Unsafe.Add(ref edge, t)) = sum;
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

    /// <summary>The products of one source row of 32 samples with the held row, added as <c>((p0 + p1) + p2) + p3</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Product(Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, ref float source, int index)
    {
        ref float x0 = ref Unsafe.Add(ref source, index * 32);
        return (d0 * Vector256.LoadUnsafe(ref x0)) + (d1 * Vector256.LoadUnsafe(ref x0, 8))
            + (d2 * Vector256.LoadUnsafe(ref x0, 16)) + (d3 * Vector256.LoadUnsafe(ref x0, 24));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TWeights>(TWeights w, ReadOnlySpan<int> indices, float init, ReadOnlySpan<float> source, Span<float> destination, int batch)
        where TWeights : struct, IWeights, allows ref struct
    {
        int count = indices.Length, s = 0;
        ref int index = ref MemoryMarshal.GetReference(indices);
        ref float x = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; s + 32 <= batch; s += 32)
            {
                Vector512<float> a0 = Vector512.Create(init), a1 = a0;
                for (int t = 0; t < count; t++)
                {
                    Vector512<float> wt = Vector512.Create(w.Get(t));
                    ref float x0 = ref Unsafe.Add(ref x, (Unsafe.Add(ref index, t) * batch) + s);
                    a0 += wt * Vector512.LoadUnsafe(ref x0);
                    a1 += wt * Vector512.LoadUnsafe(ref x0, 16);
                }

                a0.StoreUnsafe(ref d, (nuint)s);
                a1.StoreUnsafe(ref d, (nuint)s + 16);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; s + 32 <= batch; s += 32)
            {
                Vector256<float> a0 = Vector256.Create(init), a1 = a0, a2 = a0, a3 = a0;
                for (int t = 0; t < count; t++)
                {
                    Vector256<float> wt = Vector256.Create(w.Get(t));
                    ref float x0 = ref Unsafe.Add(ref x, (Unsafe.Add(ref index, t) * batch) + s);
                    a0 += wt * Vector256.LoadUnsafe(ref x0);
                    a1 += wt * Vector256.LoadUnsafe(ref x0, 8);
                    a2 += wt * Vector256.LoadUnsafe(ref x0, 16);
                    a3 += wt * Vector256.LoadUnsafe(ref x0, 24);
                }

                a0.StoreUnsafe(ref d, (nuint)s);
                a1.StoreUnsafe(ref d, (nuint)s + 8);
                a2.StoreUnsafe(ref d, (nuint)s + 16);
                a3.StoreUnsafe(ref d, (nuint)s + 24);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; s + 8 <= batch; s += 8)
            {
                Vector256<float> a = Vector256.Create(init);
                for (int t = 0; t < count; t++)
                {
                    a += Vector256.Create(w.Get(t)) * Vector256.LoadUnsafe(ref x, (nuint)((Unsafe.Add(ref index, t) * batch) + s));
                }

                a.StoreUnsafe(ref d, (nuint)s);
            }
        }

        for (; s < batch; s++)
        {
            float sum = init;
            for (int t = 0; t < count; t++)
            {
                sum += w.Get(t) * Unsafe.Add(ref x, (Unsafe.Add(ref index, t) * batch) + s);
            }

            Unsafe.Add(ref d, s) = sum;
        }
    }

    /// <summary>Throws unless every source row index is in [0, rows), where the source holds <c>rows * batch</c> values.</summary>
    private static void CheckRows(ReadOnlySpan<int> indices, int sourceLength, int batch)
    {
        if (batch < 1)
        {
            throw new IndexOutOfRangeException($"The batch is {batch}; it must be at least 1.");
        }

        CheckIndices(indices, indices.Length, sourceLength / batch, "source row");
    }

    /// <summary>Throws unless the first <paramref name="count"/> values are indices in [0, <paramref name="limit"/>).</summary>
    private static void CheckIndices(ReadOnlySpan<int> values, int count, int limit, string what)
    {
        if (values.Length < count)
        {
            throw new IndexOutOfRangeException($"{count} terms need {count} {what} indices; {values.Length} were given.");
        }

        // One unsigned maximum finds a negative index too (as a value above int.MaxValue).
        ref int v = ref MemoryMarshal.GetReference(values);
        uint max = 0;
        int k = 0;
        if (Vector256.IsHardwareAccelerated && count >= 8)
        {
            Vector256<uint> lanes = Vector256<uint>.Zero;
            for (; k + 8 <= count; k += 8)
            {
                lanes = Vector256.Max(lanes, Vector256.LoadUnsafe(ref Unsafe.As<int, uint>(ref v), (nuint)k));
            }

            Vector128<uint> half = Vector128.Max(lanes.GetLower(), lanes.GetUpper());
            max = Math.Max(Math.Max(half.GetElement(0), half.GetElement(1)), Math.Max(half.GetElement(2), half.GetElement(3)));
        }

        for (; k < count; k++)
        {
            max = Math.Max(max, (uint)Unsafe.Add(ref v, k));
        }

        if (count > 0 && max >= (uint)limit)
        {
            throw new IndexOutOfRangeException($"A {what} index ({(int)max}) is outside [0, {limit}).");
        }
    }

    /// <summary>Where term <c>t</c>'s weight is; a struct so each form gets its own inlined loop.</summary>
    private interface IWeights
    {
        float Get(int t);
    }

    /// <summary>The row's own contiguous weights: term <c>t</c> uses weight <c>t</c>.</summary>
    private readonly ref struct Direct(ref float weights) : IWeights
    {
        private readonly ref float _weights = ref weights;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Get(int t) => Unsafe.Add(ref _weights, t);
    }

    /// <summary>Term <c>t</c> uses weight <c>edges[t]</c>.</summary>
    private readonly ref struct Indexed(ref float weights, ref int edges) : IWeights
    {
        private readonly ref float _weights = ref weights;
        private readonly ref int _edges = ref edges;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Get(int t) => Unsafe.Add(ref _weights, Unsafe.Add(ref _edges, t));
    }
}
