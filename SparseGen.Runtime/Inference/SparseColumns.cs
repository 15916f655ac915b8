using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseGen.Inference;

/// <summary>
/// A sparse layer as the edge list of each input (the transpose of the kernels' CSR), each edge's unit and weight
/// side by side in one stream, so a non-zero input reads one contiguous run of 8-byte entries and scatters into the
/// units' sums, which stay in L1 for layers of up to a few thousand units. Where the fan-out is nearly even (every
/// seeded pattern), each input's run is padded to the largest fan-out with zero-weight edges into a scratch unit:
/// every run then has one length, known to the loop, so its end is predicted and no offset is read (column-major
/// ELLPACK; Kincaid, Oppe and Young 1989, "ITPACKV 2D user's guide").
/// </summary>
internal sealed class SparseColumns : FrozenLayer
{
    // Padding costs at most this share of extra entries; beyond it the runs keep their own lengths (CSC).
    private const double MaxPadding = 0.25;

    private readonly int[] _offsets;
    private readonly Edge[] _edges;
    private readonly float[] _bias;
    private readonly int _width;

    public SparseColumns(ISparseLayer layer, int[] inputs, int[] outputs, float[] weights, float[] bias)
        : base(layer, dense: false)
    {
        _bias = bias;
        int nin = layer.Inputs;
        var fanOut = new int[nin];
        foreach (int i in inputs)
        {
            fanOut[i]++;
        }

        int widest = 0;
        foreach (int f in fanOut)
        {
            widest = Math.Max(widest, f);
        }

        bool padded = (long)widest * nin <= (1 + MaxPadding) * weights.Length;
        _width = padded ? widest : 0;
        _offsets = new int[nin + 1];
        for (int i = 0; i < nin; i++)
        {
            _offsets[i + 1] = _offsets[i] + (padded ? widest : fanOut[i]);
        }

        _edges = new Edge[_offsets[nin]];
        _edges.AsSpan().Fill(new Edge(layer.Units, 0f));
        int[] next = _offsets[..^1];
        for (int e = 0; e < weights.Length; e++)
        {
            _edges[next[inputs[e]]++] = new Edge(outputs[e], weights[e]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Forward(ReadOnlySpan<int> nonZero, ReadOnlySpan<float> values, Span<float> z)
    {
        _bias.CopyTo(z);
        z[Units] = 0;
        ref float sum = ref MemoryMarshal.GetReference(z);
        ref Edge edges = ref MemoryMarshal.GetArrayDataReference(_edges);
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(_offsets);
        ref int index = ref MemoryMarshal.GetReference(nonZero);
        ref float value = ref MemoryMarshal.GetReference(values);
        int count = nonZero.Length;
        int width = _width;

        // Units, offsets and the scratch unit (z's last slot, Units) come from the layer's own edge list, so the
        // unchecked reads stay in range.
        if (width > 0)
        {
            for (int t = 0; t < count; t++)
            {
                ref Edge run = ref Unsafe.Add(ref edges, (nint)(uint)Unsafe.Add(ref index, t) * width);
                float v = Unsafe.Add(ref value, t);

                int k = 0;
                for (; k + 1 < width; k += 2)
                {
                    Edge first = Unsafe.Add(ref run, k), second = Unsafe.Add(ref run, k + 1);
                    ref float s0 = ref Unsafe.Add(ref sum, (nint)(uint)first.Unit);
                    s0 = MathF.FusedMultiplyAdd(first.Weight, v, s0);
                    ref float s1 = ref Unsafe.Add(ref sum, (nint)(uint)second.Unit);
                    s1 = MathF.FusedMultiplyAdd(second.Weight, v, s1);
                }

                if (k < width)
                {
                    Edge last = Unsafe.Add(ref run, k);
                    ref float s = ref Unsafe.Add(ref sum, (nint)(uint)last.Unit);
                    s = MathF.FusedMultiplyAdd(last.Weight, v, s);
                }
            }

            return;
        }

        for (int t = 0; t < count; t++)
        {
            int i = Unsafe.Add(ref index, t);
            float v = Unsafe.Add(ref value, t);
            for (int e = Unsafe.Add(ref offsets, i), end = Unsafe.Add(ref offsets, i + 1); e < end; e++)
            {
                Edge edge = Unsafe.Add(ref edges, e);
                ref float s = ref Unsafe.Add(ref sum, edge.Unit);
                s = MathF.FusedMultiplyAdd(edge.Weight, v, s);
            }
        }
    }

    private readonly record struct Edge(int Unit, float Weight);
}
