using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGen.Core;

namespace SparseGen.Kernels;

public static partial class SparseRows
{
    /// <summary>
    /// The forward pass of one sample through a CSR layer: <c>output[j] = bias[j] + sum over the edges e of unit j of
    /// weights[e] * input[column(e)]</c>, each unit's sum in edge order, multiply then add, as the batched
    /// <see cref="Accumulate(ReadOnlySpan{float}, ReadOnlySpan{int}, ReadOnlySpan{int}, float, ReadOnlySpan{float}, Span{float}, int)"/> computes it, so the results agree bit for bit. A single running sum is bound by the
    /// latency of its additions; here four units run side by side, each with its own sum, so four chains are in flight
    /// and the order within each stays the same.
    /// </summary>
    /// <param name="topology">The layer's edges; validated when it was made, so the loops index without checks.</param>
    /// <param name="weights">One weight per edge, canonical order, length <c>E</c>.</param>
    /// <param name="bias">One bias per unit, length <c>nout</c>.</param>
    /// <param name="input">The sample, length <c>nin</c>.</param>
    /// <param name="output">The pre-activations, length <c>nout</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one the topology needs.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardOne(Topology topology, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Checks.Length(nameof(weights), weights.Length, topology.EdgeCount);
        Checks.Length(nameof(bias), bias.Length, topology.Units);
        Checks.Length(nameof(input), input.Length, topology.Inputs);
        Checks.Length(nameof(output), output.Length, topology.Units);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref int c = ref MemoryMarshal.GetArrayDataReference(topology.ColumnArray);
        ref int rows = ref MemoryMarshal.GetArrayDataReference(topology.RowOffsetArray);
        int units = topology.Units, j = 0;
        for (; j + 4 <= units; j += 4)
        {
            int e0 = Unsafe.Add(ref rows, j), e1 = Unsafe.Add(ref rows, j + 1), e2 = Unsafe.Add(ref rows, j + 2), e3 = Unsafe.Add(ref rows, j + 3), e4 = Unsafe.Add(ref rows, j + 4);
            int common = Math.Min(Math.Min(e1 - e0, e2 - e1), Math.Min(e3 - e2, e4 - e3));
            float s0 = Unsafe.Add(ref b, j), s1 = Unsafe.Add(ref b, j + 1), s2 = Unsafe.Add(ref b, j + 2), s3 = Unsafe.Add(ref b, j + 3);
            for (int k = 0; k < common; k++)
            {
                s0 += Unsafe.Add(ref w, e0 + k) * Unsafe.Add(ref x, Unsafe.Add(ref c, e0 + k));
                s1 += Unsafe.Add(ref w, e1 + k) * Unsafe.Add(ref x, Unsafe.Add(ref c, e1 + k));
                s2 += Unsafe.Add(ref w, e2 + k) * Unsafe.Add(ref x, Unsafe.Add(ref c, e2 + k));
                s3 += Unsafe.Add(ref w, e3 + k) * Unsafe.Add(ref x, Unsafe.Add(ref c, e3 + k));
            }

            Unsafe.Add(ref y, j) = Rest(ref w, ref x, ref c, s0, e0 + common, e1);
            Unsafe.Add(ref y, j + 1) = Rest(ref w, ref x, ref c, s1, e1 + common, e2);
            Unsafe.Add(ref y, j + 2) = Rest(ref w, ref x, ref c, s2, e2 + common, e3);
            Unsafe.Add(ref y, j + 3) = Rest(ref w, ref x, ref c, s3, e3 + common, e4);
        }

        for (; j < units; j++)
        {
            Unsafe.Add(ref y, j) = Rest(ref w, ref x, ref c, Unsafe.Add(ref b, j), Unsafe.Add(ref rows, j), Unsafe.Add(ref rows, j + 1));
        }
    }

    /// <summary>Continues one unit's running sum over the edges <c>[from, to)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Rest(ref float w, ref float x, ref int c, float sum, int from, int to)
    {
        for (int e = from; e < to; e++)
        {
            sum += Unsafe.Add(ref w, e) * Unsafe.Add(ref x, Unsafe.Add(ref c, e));
        }

        return sum;
    }
}
