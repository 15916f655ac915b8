using System.Runtime.CompilerServices;

namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// An optimizer update of one value (or one SIMD vector of values) with up to two state slots, written once for
/// the CPU and for device kernels (the forms of <c>SparseGen.Backends.ParameterUpdate</c>). Weight decay
/// <c>lambda</c> is folded into the gradient first, <c>g' = w lambda + g</c>.
/// </summary>
public interface IUpdateRule
{
    /// <summary>Returns the new weight and updates the slots the rule uses (the others are left as they are).</summary>
    T Apply<T>(T w, T g, ref T first, ref T second, T decay)
        where T : struct, IFloatLanes<T>;
}

/// <summary>Plain SGD: <c>w - lr g'</c>.</summary>
/// <param name="LearningRate">The step size <c>lr</c>.</param>
public readonly record struct SgdRule(float LearningRate) : IUpdateRule
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply<T>(T w, T g, ref T first, ref T second, T decay)
        where T : struct, IFloatLanes<T>
    {
        T gk = (w * decay) + g;
        return w - (T.Splat(LearningRate) * gk);
    }
}

/// <summary>
/// SGD with momentum (Sutskever et al. 2013, eq. 3-4, in PyTorch's form), the first slot the velocity:
/// <c>v = mu v + g'</c>, then <c>w - lr v</c>, or with Nesterov momentum <c>w - lr (g' + mu v)</c>.
/// </summary>
public readonly struct MomentumRule : IUpdateRule
{
    // An int, not a bool: kernel parameters must be blittable.
    private readonly int _nesterov;

    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">The step size <c>lr</c>.</param>
    /// <param name="momentum">The momentum <c>mu</c>.</param>
    /// <param name="nesterov">Whether the step uses Nesterov momentum.</param>
    public MomentumRule(float learningRate, float momentum, bool nesterov)
    {
        LearningRate = learningRate;
        Momentum = momentum;
        _nesterov = nesterov ? 1 : 0;
    }

    /// <summary>The step size <c>lr</c>.</summary>
    public float LearningRate { get; }

    /// <summary>The momentum <c>mu</c>.</summary>
    public float Momentum { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov => _nesterov != 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply<T>(T w, T g, ref T first, ref T second, T decay)
        where T : struct, IFloatLanes<T>
    {
        T mu = T.Splat(Momentum);
        T gk = (w * decay) + g;
        T vk = (mu * first) + gk;
        first = vk;
        return w - (T.Splat(LearningRate) * (_nesterov != 0 ? gk + (mu * vk) : vk));
    }
}

/// <summary>
/// The Adam family's step (Kingma and Ba 2015, algorithm 1; Dozat 2016, algorithm 2), the slots the moments
/// <c>m</c> and <c>v</c>: <c>m = b1 m + (1 - b1) g'</c>, <c>v = b2 v + (1 - b2) g'^2</c>,
/// <c>w - lr (gs g' + ms m) / (sqrt(vs v) + eps)</c>, with the step's scales computed by the optimizer.
/// </summary>
/// <param name="LearningRate">The step size <c>lr</c>.</param>
/// <param name="Beta1">First-moment decay <c>b1</c>.</param>
/// <param name="Beta2">Second-moment decay <c>b2</c>.</param>
/// <param name="Epsilon">Added to the root of the second moment.</param>
/// <param name="GradientScale">The gradient's scale <c>gs</c> (0 for Adam).</param>
/// <param name="MomentScale">The first moment's scale <c>ms</c>.</param>
/// <param name="VarianceScale">The second moment's scale <c>vs</c> inside the root.</param>
public readonly record struct MomentRule(float LearningRate, float Beta1, float Beta2, float Epsilon,
    float GradientScale, float MomentScale, float VarianceScale) : IUpdateRule
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply<T>(T w, T g, ref T first, ref T second, T decay)
        where T : struct, IFloatLanes<T>
    {
        T gk = (w * decay) + g;
        T mk = (T.Splat(Beta1) * first) + (T.Splat(1 - Beta1) * gk);
        T vk = (T.Splat(Beta2) * second) + (T.Splat(1 - Beta2) * gk * gk);
        first = mk;
        second = vk;
        T step = (T.Splat(GradientScale) * gk) + (T.Splat(MomentScale) * mk);
        return w - (T.Splat(LearningRate) * step / (T.Sqrt(vk * T.Splat(VarianceScale)) + T.Splat(Epsilon)));
    }
}
