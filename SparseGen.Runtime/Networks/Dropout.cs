using System;

namespace SparseGen.Networks;

/// <summary>
/// Inverted dropout's two numbers (Srivastava et al. 2014), shared by the host and device passes: an output is
/// dropped when a 16-bit draw is below <see cref="Threshold"/> (so the rate is kept to 1/65536), and a kept output
/// is scaled by <see cref="KeepScale"/>, <c>1 / (1 - rate)</c>.
/// </summary>
internal static class Dropout
{
    /// <summary>The number of the 65,536 values of a 16-bit draw that drop an output: <c>round(rate * 65536)</c>.</summary>
    public static int Threshold(double rate) => (int)Math.Round((float)rate * 65536.0);

    /// <summary>The factor of a kept output, <c>1 / (1 - rate)</c> in single precision.</summary>
    public static float KeepScale(double rate) => 1 / (1 - (float)rate);
}
