using System;
using System.Collections.Generic;
using SparseGen.Core;
using SparseGen.Networks;

namespace SparseGen.Backends;

/// <summary>
/// An optimizer's per-parameter state: named slots (momentum, moments), each an array the length and order of
/// its <see cref="Parameter"/>, created zero-filled on first use. Backends read and write it; checkpoints save it.
/// </summary>
public sealed class OptimizerState
{
    private readonly Dictionary<Parameter, float[][]> _slots = [];

    /// <summary>Creates the state of an optimizer whose slots have these names, in the order its updates use them.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slotNames"/> is null.</exception>
    public OptimizerState(IReadOnlyList<string> slotNames)
    {
        ArgumentNullException.ThrowIfNull(slotNames);
        SlotNames = slotNames;
    }

    /// <summary>The names of the slots, such as <c>m</c> and <c>v</c>.</summary>
    public IReadOnlyList<string> SlotNames { get; }

    /// <summary>Whether <paramref name="parameter"/> has slots yet (a step or <see cref="Set"/> created them).</summary>
    public bool Has(Parameter parameter) => _slots.ContainsKey(parameter);

    /// <summary>The slot <paramref name="name"/> of <paramref name="parameter"/>, or null when nothing has created it yet.</summary>
    /// <exception cref="ArgumentException">The name is not a slot of this state.</exception>
    public float[]? Get(Parameter parameter, string name) =>
        _slots.TryGetValue(parameter, out float[][]? slots) ? slots[IndexOf(name)] : null;

    /// <summary>Copies <paramref name="values"/> into the slot <paramref name="name"/> of <paramref name="parameter"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a slot of this state, or the length differs from the parameter's.</exception>
    public void Set(Parameter parameter, string name, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Checks.Length(nameof(values), values.Length, parameter.Length);
        values.CopyTo(Slots(parameter)[IndexOf(name)]);
    }

    /// <summary>
    /// Moves <paramref name="parameter"/>'s slots after a rewiring changed it (<see cref="SparseNetwork.Rewire"/>): value
    /// <c>k</c> of each slot becomes the old value <c>source[k]</c>, or 0 where <c>source[k]</c> is -1 (a new edge starts
    /// with no momentum); values no source names go with their removed edges. Nothing happens while the parameter has no slots.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not as long as the parameter now is.</exception>
    /// <exception cref="IndexOutOfRangeException">A source index is outside the old slot.</exception>
    public void Remap(Parameter parameter, ReadOnlySpan<int> source) => Remap(parameter, source.ToArray(), 1);

    /// <summary><see cref="Remap(Parameter, ReadOnlySpan{int})"/> on up to <paramref name="threads"/> threads, each moving a block of the values.</summary>
    internal void Remap(Parameter parameter, int[] source, int threads)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Checks.Length(nameof(source), source.Length, parameter.Length);
        if (!_slots.TryGetValue(parameter, out float[][]? slots))
        {
            return;
        }

        for (int s = 0; s < slots.Length; s++)
        {
            var moved = new float[source.Length];
            float[] old = slots[s];
            ParallelBlocks.Run(source.Length, threads, (from, to) => LayerRewiring.Gather(old, source.AsSpan(from, to - from), moved.AsSpan(from, to - from)));
            slots[s] = moved;
        }
    }

    /// <summary>Every slot of <paramref name="parameter"/>, in <see cref="SlotNames"/> order, created zero-filled on first use.</summary>
    public float[][] Slots(Parameter parameter)
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

        return slots;
    }

    private int IndexOf(string name)
    {
        for (int s = 0; s < SlotNames.Count; s++)
        {
            if (SlotNames[s] == name)
            {
                return s;
            }
        }

        throw new ArgumentException($"There is no slot '{name}'; the slots are {string.Join(", ", SlotNames)}.", nameof(name));
    }
}
