using System.Collections.Generic;

namespace SparseGen;

/// <summary>Updates parameters from their gradients; keeps per-parameter state (moments) between steps.</summary>
public abstract class Optimizer
{
    /// <summary>The step size.</summary>
    public abstract double LearningRate { get; }

    /// <summary>Applies one update to every parameter from its <see cref="Parameter.Gradients"/>.</summary>
    public abstract void Step(IReadOnlyList<Parameter> parameters);
}
