using System;
using SparseGen.Backends;

namespace SparseGen;

/// <summary>
/// Stochastic gradient descent with optional momentum and Nesterov momentum (Sutskever et al. 2013, eq. 3-4, in
/// the form PyTorch and Keras use): <c>v = mu v + g</c>; then <c>w -= lr v</c>, or with Nesterov
/// <c>w -= lr (g + mu v)</c>. Bourely et al. 2017 (section 4) train with Nesterov momentum 0.9 and rate 0.01.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Step size, positive.</param>
    /// <param name="momentum">Momentum <c>mu</c> in [0, 1); 0 is plain SGD.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs <paramref name="momentum"/> &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public Sgd(double learningRate = 0.01, double momentum = 0, bool nesterov = false)
        : base(learningRate, "velocity")
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "The momentum must be in [0, 1).");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nesterov), "Nesterov momentum needs a momentum above 0.");
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum <c>mu</c>.</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected internal override ParameterUpdate NextUpdate()
    {
        StepCount++;
        return Momentum == 0 ? new SgdUpdate((float)LearningRate) : new MomentumUpdate((float)LearningRate, (float)Momentum, Nesterov);
    }
}
