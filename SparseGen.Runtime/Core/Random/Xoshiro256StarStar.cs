namespace SparseGen.Core.Random;

/// <summary>
/// The one pseudo-random generator of SparseGen: xoshiro256** (Blackman and Vigna 2018), its state filled
/// from a 64-bit seed by four calls of <see cref="SplitMix64"/>. Every seeded choice (topologies, weight
/// initialisation, shuffling, dropout) draws from it, so a seed means the same thing on every machine and in
/// every version. <see cref="System.Random"/> is never used: its seeded sequence is not a contract.
/// </summary>
/// <remarks>Test vectors (docs/patterns.md): seed 0 gives 0x99ec5f36cb75f2b4, 0xbf6e1f784956452a, 0x1a5f849d4933e6e0.</remarks>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator: the state is four consecutive outputs of SplitMix64 started at <paramref name="seed"/>.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var mix = new SplitMix64(seed);
        _s0 = mix.Next();
        _s1 = mix.Next();
        _s2 = mix.Next();
        _s3 = mix.Next();
    }

    /// <summary>Returns the next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Returns an integer uniformly distributed in [0, <paramref name="bound"/>) without bias, by Lemire's
    /// multiply-and-reject method (Lemire 2019, "Fast random integer generation in an interval", algorithm 5)
    /// on the upper 32 bits of each output.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public int NextInt(int bound)
    {
        if (bound <= 0)
        {
            throw new System.ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        }

        uint n = (uint)bound;
        ulong m = (NextUInt64() >> 32) * n;
        uint low = (uint)m;
        if (low < n)
        {
            uint threshold = unchecked(0u - n) % n;
            while (low < threshold)
            {
                m = (NextUInt64() >> 32) * n;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>
    /// Returns an integer uniformly distributed in [0, <paramref name="bound"/>) without bias: the output's upper
    /// bits, masked to the smallest power of two above <c>bound - 1</c>, are drawn until they fall below the bound.
    /// </summary>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public long NextInt64(long bound)
    {
        if (bound <= 0)
        {
            throw new System.ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        }

        return NextInt64(bound, BitsFor(bound));
    }

    /// <summary>The bits <see cref="NextInt64(long)"/> masks an output to: those of the smallest power of two at least <paramref name="bound"/>.</summary>
    internal static int BitsFor(long bound)
    {
        int bits = 0;
        while (bits < 63 && (1L << bits) < bound)
        {
            bits++;
        }

        return bits;
    }

    /// <summary><see cref="NextInt64(long)"/> for a caller that draws many times below one positive bound and computed its <see cref="BitsFor"/> once.</summary>
    internal long NextInt64(long bound, int bits)
    {
        while (true)
        {
            long value = bits == 0 ? 0 : (long)(NextUInt64() >> (64 - bits));
            if (value < bound)
            {
                return value;
            }
        }
    }

    /// <summary>Returns a float uniformly distributed in [0, 1) built from the upper 24 bits of one output.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Returns a double uniformly distributed in [0, 1) built from the upper 53 bits of one output.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Shuffles <paramref name="items"/> in place by Fisher-Yates, from the last index down.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
