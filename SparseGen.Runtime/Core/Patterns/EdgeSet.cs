using System;
using System.Collections.Generic;

namespace SparseGen.Core.Patterns;

/// <summary>
/// A set of edges <c>(i, j)</c> of one layer: a bit per possible edge when the layer has at most 2^28
/// possible edges (32 MiB) and the bitmap is not much larger than a hash set of the expected edges would be (at most
/// 32 bytes per expected edge), else a hash set of pair codes sized for the expected edges: memory <c>O(E)</c>, not
/// <c>O(nin nout)</c>.
/// </summary>
internal sealed class EdgeSet
{
    private const long MaxBitmapBits = 1L << 28;
    private readonly int _inputs;
    private readonly ulong[]? _bits;
    private readonly HashSet<long>? _codes;

    /// <summary>A set for a layer of <paramref name="inputs"/> x <paramref name="outputs"/> that will hold about <paramref name="expected"/> edges.</summary>
    public EdgeSet(int inputs, int outputs, long expected)
    {
        _inputs = inputs;
        long all = (long)inputs * outputs;
        if (all <= MaxBitmapBits && all / 8 <= 32 * Math.Max(expected, 1))
        {
            _bits = new ulong[(all + 63) / 64];
        }
        else
        {
#if SPARSEGEN_GENERATOR
            _codes = new HashSet<long>();
#else
            _codes = new HashSet<long>((int)Math.Min(expected, 1 << 30));
#endif
        }
    }

    /// <summary>Adds the edge; false when it was already present.</summary>
    public bool Add(int input, int output) => Add(Code(input, output));

    /// <summary>Adds the edge of pair code <c>j * nin + i</c>; false when it was already present.</summary>
    public bool Add(long code)
    {
        if (_bits is null)
        {
            return _codes!.Add(code);
        }

        ulong mask = 1UL << (int)(code & 63);
        ref ulong word = ref _bits[code >> 6];
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        return true;
    }

    public bool Contains(int input, int output) => Contains(Code(input, output));

    /// <summary>True when the edge of pair code <c>j * nin + i</c> is present.</summary>
    public bool Contains(long code)
    {
        return _bits is null ? _codes!.Contains(code) : (_bits[code >> 6] & (1UL << (int)(code & 63))) != 0;
    }

    public void Remove(int input, int output)
    {
        long code = Code(input, output);
        if (_bits is null)
        {
            _codes!.Remove(code);
        }
        else
        {
            _bits[code >> 6] &= ~(1UL << (int)(code & 63));
        }
    }

    private long Code(int input, int output) => ((long)output * _inputs) + input;
}
