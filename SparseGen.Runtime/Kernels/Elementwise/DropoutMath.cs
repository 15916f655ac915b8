using System;

namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// Inverted dropout (Srivastava et al. 2014) as a counter-based draw, so that the CPU and every device give the same
/// mask for the same key: element <c>k</c> of a layer's <c>[units, batch]</c> output is dropped when 16-bit quarter
/// <c>k mod 4</c> of draw <c>k / 4</c> is below <see cref="Threshold"/>, draw <c>n</c> being SplitMix64's finaliser
/// (Steele et al. 2014) of <c>key + (n + 1) * 0x9E3779B97F4A7C15</c>; a kept element is scaled by
/// <see cref="KeepScale"/>. A device work-item computes its element's draw; the CPU one draw per four elements.
/// </summary>
public static class DropoutMath
{
    /// <summary>The number of the 65,536 values of a 16-bit draw that drop an output: <c>round(rate * 65536)</c>.</summary>
    public static int Threshold(double rate) => (int)Math.Round((float)rate * 65536.0);

    /// <summary>The factor of a kept output, <c>1 / (1 - rate)</c> in single precision.</summary>
    public static float KeepScale(double rate) => 1 / (1 - (float)rate);

    /// <summary>The factor of element <paramref name="element"/> under <paramref name="key"/>: 0 when dropped, else <paramref name="keep"/>.</summary>
    /// <param name="key">The layer's key for this batch.</param>
    /// <param name="element">The element's index in the whole batch's <c>[units, batch]</c> layout, <c>j * batch + b</c>.</param>
    /// <param name="threshold">From <see cref="Threshold"/>.</param>
    /// <param name="keep">From <see cref="KeepScale"/>.</param>
    public static float Factor(ulong key, int element, int threshold, float keep) =>
        FactorOf(GroupDraw(key, element), element, threshold, keep);

    /// <summary>The draw that decides <paramref name="element"/> and the three others of its group of four.</summary>
    public static ulong GroupDraw(ulong key, int element) => Draw(key, element >> 2);

    /// <summary><see cref="Factor"/> from the element's <see cref="GroupDraw"/>: its 16-bit quarter <c>element mod 4</c> against the threshold.</summary>
    public static float FactorOf(ulong groupDraw, int element, int threshold, float keep) =>
        (int)((groupDraw >> (16 * (element & 3))) & 0xFFFF) < threshold ? 0f : keep;

    /// <summary>Layer <paramref name="layer"/>'s key for a batch whose key is <paramref name="batchKey"/> (one draw of the trainer's dropout generator per batch).</summary>
    public static ulong LayerKey(ulong batchKey, int layer) => Draw(batchKey, layer);

    /// <summary>Draw <paramref name="counter"/> of the SplitMix64 sequence that starts at <paramref name="key"/>.</summary>
    private static ulong Draw(ulong key, int counter)
    {
        ulong z = key + ((ulong)(counter + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
