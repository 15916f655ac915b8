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
    /// saturates to ±1 instead of overflowing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Forward<T>(Activation activation, T z)
        where T : struct, IFloatLanes<T>
    {
        T one = T.Splat(1f);
        return activation switch
        {
            Activation.Relu => T.Relu(z),
            Activation.Sigmoid => one / (one + T.Exp(T.Splat(0f) - z)),
            Activation.Tanh => one - (T.Splat(2f) / (T.Exp(z + z) + one)),
            _ => z,
        };
    }

    /// <summary>
    /// <c>dL/dz</c> from <c>g = dL/da</c> and the forward output <c>a</c>: ReLU <c>g [a &gt; 0]</c>, sigmoid
    /// <c>g a (1 - a)</c>, tanh <c>g (1 - a^2)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Backward<T>(Activation activation, T a, T g)
        where T : struct, IFloatLanes<T>
    {
        T one = T.Splat(1f);
        return activation switch
        {
            Activation.Relu => T.WherePositive(a, g),
            Activation.Sigmoid => g * (a * (one - a)),
            Activation.Tanh => g * (one - (a * a)),
            _ => g,
        };
    }
}
