using System.Runtime.CompilerServices;

namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// The element-wise activations and their derivatives, written once for the CPU (<see cref="Lanes"/>) and for
/// device kernels (<see cref="Scalar"/>). Softmax, which normalises over a sample's units, is <see cref="SoftmaxMath"/>;
/// <see cref="Activation.Linear"/> and <see cref="Activation.Softmax"/> pass values through here.
/// </summary>
public static class ActivationMath
{
    /// <summary>
    /// <c>f(z)</c>: ReLU <c>max(z, 0)</c>; sigmoid <c>1 / (1 + e^-z)</c>; tanh as <c>1 - 2 / (e^(2z) + 1)</c>, which
    /// saturates to ±1 instead of overflowing; leaky ReLU <c>z</c> for <c>z &gt;= 0</c>, <paramref name="negativeSlope"/>
    /// <c>* z</c> below (the only activation that reads the slope).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Forward<T>(Activation activation, float negativeSlope, T z)
        where T : struct, IFloatLanes<T>
    {
        T one = T.Splat(1f);
        return activation switch
        {
            Activation.Relu => T.Relu(z),
            Activation.Sigmoid => one / (one + T.Exp(T.Splat(0f) - z)),
            Activation.Tanh => one - (T.Splat(2f) / (T.Exp(z + z) + one)),
            Activation.LeakyRelu => T.WhereNegative(z, T.Splat(negativeSlope) * z, z),
            _ => z,
        };
    }

    /// <summary>
    /// <c>dL/dz</c> from <c>g = dL/da</c> and the value the forward pass kept (<see cref="ReadsInput"/>): from the output
    /// <c>a</c>, ReLU <c>g [a &gt; 0]</c>, sigmoid <c>g a (1 - a)</c>, tanh <c>g (1 - a^2)</c>; from the input <c>z</c>,
    /// leaky ReLU <c>g</c> for <c>z &gt;= 0</c> and <paramref name="negativeSlope"/> <c>* g</c> below.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Backward<T>(Activation activation, float negativeSlope, T kept, T g)
        where T : struct, IFloatLanes<T>
    {
        T one = T.Splat(1f);
        return activation switch
        {
            Activation.Relu => T.WherePositive(kept, g),
            Activation.Sigmoid => g * (kept * (one - kept)),
            Activation.Tanh => g * (one - (kept * kept)),
            Activation.LeakyRelu => T.WhereNegative(kept, T.Splat(negativeSlope) * g, g),
            _ => g,
        };
    }

    /// <summary>
    /// True when <see cref="Backward{T}"/> reads the pre-activations <c>z</c> rather than the activations <c>a</c>: for
    /// <see cref="Activation.LeakyRelu"/>, whose negative slope can map both signs of <c>z</c> to <c>a &gt;= 0</c>.
    /// </summary>
    public static bool ReadsInput(Activation activation) => activation == Activation.LeakyRelu;
}
