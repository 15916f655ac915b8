namespace SparseGen.Backends;

/// <summary>
/// One optimizer step, described once by the optimizer and applied by a backend to every parameter: the CPU
/// backend runs it as loops over the host arrays, the device backend maps it to its update kernel. Before the
/// update, a backend adds L2 weight decay <c>lambda * w</c> to weight gradients (not to biases).
/// </summary>
/// <param name="LearningRate">The step size of this step.</param>
public abstract record ParameterUpdate(float LearningRate)
{
    /// <summary>How many per-parameter state slots the update reads and writes, in the optimizer's slot order.</summary>
    public abstract int SlotCount { get; }
}

/// <summary>Plain stochastic gradient descent: <c>w -= lr g</c>.</summary>
/// <param name="LearningRate">The step size.</param>
public sealed record SgdUpdate(float LearningRate) : ParameterUpdate(LearningRate)
{
    /// <inheritdoc />
    public override int SlotCount => 0;
}

/// <summary>
/// SGD with momentum (Sutskever et al. 2013, eq. 3-4, in PyTorch's and Keras' form), slot 0 the velocity
/// <c>v</c>: <c>v = mu v + g</c>, then <c>w -= lr v</c>, or with Nesterov momentum <c>w -= lr (g + mu v)</c>.
/// </summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Momentum">The momentum <c>mu</c>.</param>
/// <param name="Nesterov">Whether the update uses Nesterov momentum.</param>
public sealed record MomentumUpdate(float LearningRate, float Momentum, bool Nesterov) : ParameterUpdate(LearningRate)
{
    /// <inheritdoc />
    public override int SlotCount => 1;
}

/// <summary>
/// The Adam family's step (Kingma and Ba 2015, algorithm 1; Dozat 2016, algorithm 2), slots 0 and 1 the moments
/// <c>m</c> and <c>v</c>: <c>m = b1 m + (1 - b1) g</c>, <c>v = b2 v + (1 - b2) g^2</c>,
/// <c>w -= lr (gs g + ms m) / (sqrt(vs v) + eps)</c>, with the step's scales <c>gs</c>, <c>ms</c>, <c>vs</c>
/// computed by the optimizer (bias corrections, and for Nadam the momentum schedule).
/// </summary>
/// <param name="LearningRate">The step size.</param>
/// <param name="Beta1">First-moment decay.</param>
/// <param name="Beta2">Second-moment decay.</param>
/// <param name="Epsilon">Added to the root of the second moment.</param>
/// <param name="GradientScale">The scale <c>gs</c> of the gradient (0 for Adam).</param>
/// <param name="MomentScale">The scale <c>ms</c> of the first moment.</param>
/// <param name="VarianceScale">The scale <c>vs</c> of the second moment inside the root.</param>
public sealed record MomentUpdate(float LearningRate, float Beta1, float Beta2, float Epsilon,
    float GradientScale, float MomentScale, float VarianceScale) : ParameterUpdate(LearningRate)
{
    /// <inheritdoc />
    public override int SlotCount => 2;
}
