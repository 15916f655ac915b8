using System;
using System.Collections.Generic;
using SparseGen.Kernels;
using SparseGen.Networks;
using SparseGen.Training;
using SparseGen.Core;

namespace SparseGen;

/// <summary>
/// Updates parameters from their gradients. Per-parameter state (momentum, moments) lives in named slots, each
/// the length of its parameter, and a few scalars (the step count); both can be saved in a checkpoint and
/// restored, so training resumes exactly.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Parameter, float[][]> _slots = [];
    private double _learningRate;

    /// <summary>Creates an optimizer with a step size and the names of its per-parameter slots.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive.</exception>
    protected Optimizer(double learningRate, params string[] slotNames)
    {
        LearningRate = learningRate;
        SlotNames = slotNames;
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

    /// <summary>The names of the per-parameter slots, such as <c>m</c> and <c>v</c>.</summary>
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update to every parameter from its <see cref="Parameter.Gradients"/>.</summary>
    public abstract void Step(IReadOnlyList<Parameter> parameters);

    /// <summary>
    /// Advances the optimizer by one step, as <see cref="Step"/> does, and returns the device kernel that applies it
    /// to each parameter; null when the optimizer has no device kernel.
    /// </summary>
    internal virtual DeviceUpdate? NextDeviceUpdate() => null;

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
    public float[]? GetSlot(Parameter parameter, string name) =>
        _slots.TryGetValue(parameter, out float[][]? slots) ? slots[SlotIndex(name)] : null;

    /// <summary>Sets the slot <paramref name="name"/> of <paramref name="parameter"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a slot of this optimizer, or the length differs from the parameter's.</exception>
    public void SetSlot(Parameter parameter, string name, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Checks.Length(nameof(values), values.Length, parameter.Length);
        values.CopyTo(Slot(parameter, SlotIndex(name)));
    }

    /// <summary>The slot <paramref name="index"/> of <paramref name="parameter"/>, created zero-filled on first use.</summary>
    protected float[] Slot(Parameter parameter, int index)
    {
        if (!_slots.TryGetValue(parameter, out float[][]? slots))
        {
            slots = new float[SlotNames.Count][];
            for (int s = 0; s < slots.Length; s++)
            {
                slots[s] = new float[parameter.Length];
            }

            _slots[parameter] = slots;
        }

        return slots[index];
    }

    private int SlotIndex(string name)
    {
        for (int s = 0; s < SlotNames.Count; s++)
        {
            if (SlotNames[s] == name)
            {
                return s;
            }
        }

        throw new ArgumentException($"{Name} has no slot '{name}'; its slots are {string.Join(", ", SlotNames)}.", nameof(name));
    }
}
