using System;
using System.Collections.Generic;

namespace SparseGen;

/// <summary>
/// Nadam, Adam with Nesterov momentum (Dozat 2016, "Incorporating Nesterov momentum into Adam", algorithm 2),
/// with the momentum schedule <c>mu_t = beta1 (1 - 0.5 * 0.96^(0.004 t))</c> of Keras' implementation, which the
/// USN paper trained with (Luo 2020, section IV).
/// </summary>
public sealed class Nadam : MomentOptimizer
{
    private const double ScheduleDecay = 0.004;
    private double _momentumProduct = 1.0;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size, positive (Keras default 1e-3).</param>
    /// <param name="beta1">First-moment decay, in [0, 1).</param>
    /// <param name="beta2">Second-moment decay, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the second moment, positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Nadam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : base(learningRate, beta1, beta2, epsilon)
    {
    }

    /// <inheritdoc />
    private protected override MomentScales NextScales()
    {
        StepCount++;
        double mu = Beta1 * (1 - (0.5 * Math.Pow(0.96, StepCount * ScheduleDecay)));
        double muNext = Beta1 * (1 - (0.5 * Math.Pow(0.96, (StepCount + 1) * ScheduleDecay)));
        _momentumProduct *= mu;
        double productNext = _momentumProduct * muNext;
        return new MomentScales((float)((1 - mu) / (1 - _momentumProduct)), (float)(muNext / (1 - productNext)), (float)(1 / (1 - Math.Pow(Beta2, StepCount))));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> GetScalars() => new Dictionary<string, double>
    {
        ["steps"] = StepCount,
        ["momentum_product"] = _momentumProduct,
    };

    /// <inheritdoc />
    public override void SetScalars(IReadOnlyDictionary<string, double> scalars)
    {
        base.SetScalars(scalars);
        if (scalars.TryGetValue("momentum_product", out double product))
        {
            _momentumProduct = product;
        }
    }
}
