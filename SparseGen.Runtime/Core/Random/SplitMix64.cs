namespace SparseGen.Core.Random;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014), used only to expand a 64-bit seed into the 256-bit state of
/// <see cref="Xoshiro256StarStar"/>, as its authors (Blackman and Vigna) recommend.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Adds 0x9E3779B97F4A7C15 to the state, then returns the mixed state.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
