using System;

namespace SparseGen;

/// <summary>
/// All-ReLU (Curci, Mocanu and Pechenizkiy 2021, "Truly Sparse Neural Networks at Scale", arXiv 2102.01732, as in
/// their reference code's <c>AlternatedLeftReLU</c>): every hidden layer is a <see cref="Activation.LeakyRelu"/> whose
/// negative slope alternates in sign, <c>s_l = (-1)^l alpha</c> for hidden layer <c>l = 1, 2, ...</c>, so that
/// <c>f_l(z) = z</c> for <c>z &gt;= 0</c> and <c>s_l z</c> below; the slopes are fixed, not trained. The paper's
/// 784-1000-1000-1000-10 network uses <c>alpha = 0.6</c>: slopes -0.6, 0.6, -0.6.
/// </summary>
public static class AllRelu
{
    /// <summary>The paper's <c>alpha</c>, 0.6.</summary>
    public const double DefaultAlpha = 0.6;

    /// <summary>The negative slope <c>(-1)^l alpha</c> of hidden layer <paramref name="hiddenLayer"/> (1 for the first).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="hiddenLayer"/> is below 1, or <paramref name="alpha"/> is not finite.</exception>
    public static double Slope(int hiddenLayer, double alpha = DefaultAlpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayer, 1);
        if (!double.IsFinite(alpha))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "All-ReLU's alpha must be finite.");
        }

        return hiddenLayer % 2 == 1 ? -alpha : alpha;
    }
}
