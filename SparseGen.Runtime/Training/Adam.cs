using System;
using SparseGen.Backends;

namespace SparseGen;

/// <summary>
/// Adam (Kingma and Ba 2015, algorithm 1): <c>m = b1 m + (1 - b1) g</c>, <c>v = b2 v + (1 - b2) g^2</c>,
/// <c>w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)</c>.
/// </summary>
public sealed class Adam : MomentOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size, positive.</param>
    /// <param name="beta1">First-moment decay, in [0, 1).</param>
    /// <param name="beta2">Second-moment decay, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment, positive (the paper's 1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(learningRate, beta1, beta2, epsilon)
    {
    }

    /// <inheritdoc />
    private protected override MomentScales NextScales()
    {
        StepCount++;
        return new MomentScales(0f, (float)(1 / (1 - Math.Pow(Beta1, StepCount))), (float)(1 / (1 - Math.Pow(Beta2, StepCount))));
    }
}

/// <summary>
/// The Adam family's shared state: first and second moment slots <c>m</c> and <c>v</c>, their decays and epsilon.
/// </summary>
public abstract class MomentOptimizer : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size, positive.</param>
    /// <param name="beta1">First-moment decay, in [0, 1).</param>
    /// <param name="beta2">Second-moment decay, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    protected MomentOptimizer(double learningRate, double beta1, double beta2, double epsilon)
        : base(learningRate, "m", "v")
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 ({beta1}) and beta2 ({beta2}) must be in [0, 1).");
        }

        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>The step's <see cref="MomentUpdate"/>, with the scales from <see cref="NextScales"/>.</summary>
    protected internal sealed override ParameterUpdate NextUpdate()
    {
        MomentScales s = NextScales();
        return new MomentUpdate((float)LearningRate, (float)Beta1, (float)Beta2, (float)Epsilon, s.Gradient, s.Momentum, s.Variance);
    }

    /// <summary>Advances the step count and the schedule, and returns the scales of this step's update.</summary>
    private protected abstract MomentScales NextScales();

    /// <summary>The scales of one step: of the gradient, of the first moment, and inside the root, of the second moment.</summary>
    private protected readonly record struct MomentScales(float Gradient, float Momentum, float Variance);
}
