using System;

namespace SparseGen.Core;

/// <summary>
/// The 64-bit FNV-1a hash (Fowler, Noll and Vo; http://www.isthe.com/chongo/tech/comp/fnv/): start from
/// <see cref="OffsetBasis"/>, then for each byte <c>hash = (hash ^ byte) * prime</c>. Topology fingerprints and
/// checkpoint checksums use it; a hash is built by chaining <c>Append</c> calls from <see cref="OffsetBasis"/>.
/// </summary>
internal static class Fnv1a
{
    /// <summary>The hash of no bytes, where every hash starts.</summary>
    public const ulong OffsetBasis = 0xCBF29CE484222325UL;

    private const ulong Prime = 0x100000001B3UL;

    /// <summary>Appends one byte to <paramref name="hash"/>.</summary>
    public static ulong Append(ulong hash, byte value) => (hash ^ value) * Prime;

    /// <summary>Appends <paramref name="value"/> as four little-endian bytes.</summary>
    public static ulong Append(ulong hash, int value)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            hash = Append(hash, (byte)(value >> shift));
        }

        return hash;
    }

    /// <summary>Appends <paramref name="bytes"/> in order.</summary>
    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = Append(hash, b);
        }

        return hash;
    }
}
