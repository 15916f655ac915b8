using ILGPU;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// The element-wise steps of training on a device, each one call of the formula the CPU backend runs
/// (<see cref="ActivationMath"/>, <see cref="SoftmaxMath"/>, <see cref="DropoutMath"/>, <see cref="IUpdateRule"/>):
/// one work-item per element, or per sample for softmax.
/// </summary>
internal static class ElementKernels
{
    /// <summary><c>a = f(z)</c> for an element-wise activation (<paramref name="z"/> may be <paramref name="a"/>).</summary>
    public static void Activate(Index1D k, ArrayView<float> z, ArrayView<float> a, Activation activation, float negativeSlope) =>
        a[k] = ActivationMath.Forward(activation, negativeSlope, new Scalar(z[k])).Value;

    /// <summary>Softmax of sample <c>b</c>'s column in place.</summary>
    public static void Softmax(Index1D b, ArrayView<float> values, int units, int batch)
    {
        var column = new ViewColumn(values, b, units, batch);
        SoftmaxMath.Forward(column, column);
    }

    /// <summary><c>dropped[k] = a[k] * factor(key, k)</c>, inverted dropout.</summary>
    public static void Dropout(Index1D k, ArrayView<float> values, ArrayView<float> dropped, ulong key, int threshold, float keep) =>
        dropped[k] = values[k] * DropoutMath.Factor(key, k, threshold, keep);

    /// <summary>
    /// Turns <c>dL/d(output)</c> into <c>dL/dz</c> in place: times the dropout factor when <paramref name="threshold"/>
    /// is above 0, then the activation's derivative at <paramref name="kept"/>: <c>a</c>, or <c>z</c> where
    /// <see cref="ActivationMath.ReadsInput"/>.
    /// </summary>
    public static void ActivationBackward(Index1D k, ArrayView<float> gradient, ArrayView<float> kept, Activation activation, float negativeSlope, ulong key, int threshold, float keep)
    {
        float g = gradient[k];
        if (threshold > 0)
        {
            g *= DropoutMath.Factor(key, k, threshold, keep);
        }

        gradient[k] = ActivationMath.Backward(activation, negativeSlope, new Scalar(kept[k]), new Scalar(g)).Value;
    }

    /// <summary>Softmax's backward pass of sample <c>b</c>'s column in place.</summary>
    public static void SoftmaxBackward(Index1D b, ArrayView<float> gradient, ArrayView<float> activations, int units, int batch) =>
        SoftmaxMath.Backward(new ViewColumn(activations, b, units, batch), new ViewColumn(gradient, b, units, batch));

    /// <summary>
    /// One optimizer step of element <c>k</c> by <paramref name="rule"/>, with weight decay <paramref name="decay"/>;
    /// <paramref name="slots"/> says how many of <paramref name="first"/> and <paramref name="second"/> it uses; sets
    /// <c>nonFinite[0]</c> when the new value is NaN or infinite.
    /// </summary>
    public static void Update<TRule>(Index1D k, TRule rule, ArrayView<float> weights, ArrayView<float> gradients, ArrayView<float> first, ArrayView<float> second, int slots, float decay, ArrayView<int> nonFinite)
        where TRule : struct, IUpdateRule
    {
        Scalar s1 = new(slots > 0 ? first[k] : 0f), s2 = new(slots > 1 ? second[k] : 0f);
        float w = rule.Apply(new Scalar(weights[k]), new Scalar(gradients[k]), ref s1, ref s2, new Scalar(decay)).Value;
        weights[k] = w;
        if (slots > 0)
        {
            first[k] = s1.Value;
        }

        if (slots > 1)
        {
            second[k] = s2.Value;
        }

        if (w - w != 0f)
        {
            nonFinite[0] = 1;
        }
    }
}
