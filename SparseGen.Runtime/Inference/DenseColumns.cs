using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SparseGen.Inference;

/// <summary>
/// A dense layer as its weight columns, <c>W[:, i]</c> for each input padded to a whole number of vectors: the
/// units are cut into blocks of eight vectors held in registers while every non-zero input adds its column
/// (register blocking, as in Goto and van de Geijn 2008, "Anatomy of high-performance matrix multiplication",
/// ACM TOMS 34(3), with the non-zero inputs in place of the packed panel).
/// </summary>
internal sealed class DenseColumns : FrozenLayer
{
    private const int Block = 8;

    private readonly int _stride;
    private readonly float[] _columns;
    private readonly float[] _bias;

    public DenseColumns(ISparseLayer layer, int[] inputs, int[] outputs, float[] weights, float[] bias)
        : base(layer, dense: true)
    {
        int width = Vector256<float>.Count;
        _stride = (layer.Units + width - 1) / width * width;
        _columns = new float[(long)layer.Inputs * _stride];
        _bias = new float[_stride];
        bias.CopyTo(_bias, 0);
        for (int e = 0; e < weights.Length; e++)
        {
            _columns[((long)inputs[e] * _stride) + outputs[e]] = weights[e];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(ReadOnlySpan<int> nonZero, ReadOnlySpan<float> values, Span<float> z)
    {
        int width = Vector256<float>.Count;
        ref float columns = ref MemoryMarshal.GetArrayDataReference(_columns);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(_bias);
        ref float output = ref MemoryMarshal.GetReference(z);
        ref int index = ref MemoryMarshal.GetReference(nonZero);
        ref float value = ref MemoryMarshal.GetReference(values);
        int count = nonZero.Length;
        int j = 0;
        for (; j + (Block * width) <= Units; j += Block * width)
        {
            Vector256<float> s0 = Vector256.LoadUnsafe(ref bias, (nuint)j), s1 = Vector256.LoadUnsafe(ref bias, (nuint)(j + width));
            Vector256<float> s2 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (2 * width))), s3 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (3 * width)));
            Vector256<float> s4 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (4 * width))), s5 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (5 * width)));
            Vector256<float> s6 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (6 * width))), s7 = Vector256.LoadUnsafe(ref bias, (nuint)(j + (7 * width)));
            for (int t = 0; t < count; t++)
            {
                ref float column = ref Unsafe.Add(ref columns, ((nint)Unsafe.Add(ref index, t) * _stride) + j);
                Vector256<float> v = Vector256.Create(Unsafe.Add(ref value, t));
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column), v, s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)width), v, s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(2 * width)), v, s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(3 * width)), v, s3);
                s4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(4 * width)), v, s4);
                s5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(5 * width)), v, s5);
                s6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(6 * width)), v, s6);
                s7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(7 * width)), v, s7);
            }

            s0.StoreUnsafe(ref output, (nuint)j);
            s1.StoreUnsafe(ref output, (nuint)(j + width));
            s2.StoreUnsafe(ref output, (nuint)(j + (2 * width)));
            s3.StoreUnsafe(ref output, (nuint)(j + (3 * width)));
            s4.StoreUnsafe(ref output, (nuint)(j + (4 * width)));
            s5.StoreUnsafe(ref output, (nuint)(j + (5 * width)));
            s6.StoreUnsafe(ref output, (nuint)(j + (6 * width)));
            s7.StoreUnsafe(ref output, (nuint)(j + (7 * width)));
        }

        // The last units, one vector at a time (fewer than eight vectors remain), over four running sums so that
        // the multiply-adds do not wait on each other; columns are padded, so the last vector's loads stay inside
        // them and only its stores are cut to the units.
        for (; j < Units; j += width)
        {
            Vector256<float> s = Vector256.LoadUnsafe(ref bias, (nuint)j), s1 = Vector256<float>.Zero, s2 = s1, s3 = s1;
            int t = 0;
            for (; t + 3 < count; t += 4)
            {
                s = Vector256.FusedMultiplyAdd(Column(ref columns, Unsafe.Add(ref index, t), j), Vector256.Create(Unsafe.Add(ref value, t)), s);
                s1 = Vector256.FusedMultiplyAdd(Column(ref columns, Unsafe.Add(ref index, t + 1), j), Vector256.Create(Unsafe.Add(ref value, t + 1)), s1);
                s2 = Vector256.FusedMultiplyAdd(Column(ref columns, Unsafe.Add(ref index, t + 2), j), Vector256.Create(Unsafe.Add(ref value, t + 2)), s2);
                s3 = Vector256.FusedMultiplyAdd(Column(ref columns, Unsafe.Add(ref index, t + 3), j), Vector256.Create(Unsafe.Add(ref value, t + 3)), s3);
            }

            for (; t < count; t++)
            {
                s = Vector256.FusedMultiplyAdd(Column(ref columns, Unsafe.Add(ref index, t), j), Vector256.Create(Unsafe.Add(ref value, t)), s);
            }

            s += s1 + s2 + s3;
            if (j + width <= Units)
            {
                s.StoreUnsafe(ref output, (nuint)j);
            }
            else
            {
                for (int k = j; k < Units; k++)
                {
                    z[k] = s.GetElement(k - j);
                }
            }
        }
    }

    private Vector256<float> Column(ref float columns, int input, int unit) => Vector256.LoadUnsafe(ref columns, (nuint)(((nint)input * _stride) + unit));
}
