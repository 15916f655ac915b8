using System;
using System.Collections.Generic;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// Updates parameters from their gradients. An optimizer describes each step once, as a <see cref="ParameterUpdate"/>
/// that a backend applies (<see cref="Trainer.Backend"/>); its per-parameter state (momentum, moments) lives in
/// named slots of <see cref="State"/>, and a few scalars (the step count); both can be saved in a checkpoint and
/// restored, so training resumes exactly.
/// </summary>
public abstract class Optimizer
{
    private double _learningRate;

    /// <summary>Creates an optimizer with a step size and the names of its per-parameter slots.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive.</exception>
    protected Optimizer(double learningRate, params string[] slotNames)
    {
        LearningRate = learningRate;
        State = new OptimizerState(slotNames);
    }

    /// <summary>A short name for checkpoints, such as <c>Nadam</c>.</summary>
    public string Name => GetType().Name;

    /// <summary>The step size; a learning-rate schedule changes it between epochs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive and finite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = value > 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be positive and finite.");
    }

    /// <summary>The per-parameter slots.</summary>
    public OptimizerState State { get; }

    /// <summary>The names of the per-parameter slots, such as <c>m</c> and <c>v</c>.</summary>
    public IReadOnlyList<string> SlotNames => State.SlotNames;

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update to every parameter from its <see cref="Parameter.Gradients"/>, on the host.</summary>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CpuUpdate.Apply(NextUpdate(), parameters, State);
    }

    /// <summary>Advances the optimizer by one step (the step count and any schedule) and describes that step's update.</summary>
    protected internal abstract ParameterUpdate NextUpdate();

    /// <summary>The scalars of the optimizer's state, by name (at least <c>steps</c>).</summary>
    public virtual IReadOnlyDictionary<string, double> GetScalars() => new Dictionary<string, double> { ["steps"] = StepCount };

    /// <summary>Restores scalars saved by <see cref="GetScalars"/>; names it does not know are ignored.</summary>
    public virtual void SetScalars(IReadOnlyDictionary<string, double> scalars)
    {
        ArgumentNullException.ThrowIfNull(scalars);
        if (scalars.TryGetValue("steps", out double steps))
        {
            StepCount = (long)steps;
        }
    }

    /// <summary>The slot <paramref name="name"/> of <paramref name="parameter"/>, or null when no step has created it yet.</summary>
    /// <exception cref="ArgumentException">The name is not a slot of this optimizer.</exception>
    public float[]? GetSlot(Parameter parameter, string name) => State.Get(parameter, name);

    /// <summary>Sets the slot <paramref name="name"/> of <paramref name="parameter"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a slot of this optimizer, or the length differs from the parameter's.</exception>
    public void SetSlot(Parameter parameter, string name, ReadOnlySpan<float> values) => State.Set(parameter, name, values);
}
