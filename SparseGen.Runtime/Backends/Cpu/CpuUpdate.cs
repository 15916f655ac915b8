using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGen.Kernels.Elementwise;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>
/// The host's form of each <see cref="ParameterUpdate"/>: its <see cref="IUpdateRule"/> (the formula device kernels
/// run too) in one SIMD loop over a parameter's values, gradients and slots, with a scalar tail; both do the same
/// operations in the same order, so they agree bit for bit.
/// </summary>
internal static class CpuUpdate
{
    /// <summary>Applies <paramref name="update"/> to every parameter with its slots from <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The update needs more slots than the state has.</exception>
    public static void Apply(ParameterUpdate update, IReadOnlyList<Parameter> parameters, OptimizerState state)
    {
        foreach (Parameter parameter in parameters)
        {
            Apply(update, parameter, state, 0f, default);
        }
    }

    /// <summary>
    /// Applies <paramref name="update"/> to one parameter after adding <c>decay * w</c> to its gradient (in a register;
    /// <see cref="Parameter.Gradients"/> is left as it was), copying each value into <paramref name="backup"/> first
    /// when it is not empty. Returns false when a new value is NaN or infinite.
    /// </summary>
    /// <exception cref="ArgumentException">The update needs more slots than the state has.</exception>
    /// <exception cref="NotSupportedException">The update is of a kind the host does not know.</exception>
    public static bool Apply(ParameterUpdate update, Parameter parameter, OptimizerState state, float decay, Span<float> backup)
    {
        if (update.SlotCount > state.SlotNames.Count)
        {
            throw new ArgumentException($"The update needs {update.SlotCount} optimizer slots; the state has {state.SlotNames.Count}.", nameof(state));
        }

        float[][] slots = update.SlotCount == 0 ? [] : state.Slots(parameter);
        var values = new Values(parameter.Values, parameter.Gradients, slots, backup, decay);
        return update switch
        {
            SgdUpdate u => Run(new SgdRule(u.LearningRate), values),
            MomentumUpdate u => Run(new MomentumRule(u.LearningRate, u.Momentum, u.Nesterov), values),
            MomentUpdate u => Run(new MomentRule(u.LearningRate, u.Beta1, u.Beta2, u.Epsilon, u.GradientScale, u.MomentScale, u.VarianceScale), values),
            _ => throw new NotSupportedException($"The CPU backend has no form of {update.GetType().Name}."),
        };
    }

    /// <summary>A parameter's arrays for one step; a slot the update does not use is empty.</summary>
    private readonly ref struct Values(float[] weights, float[] gradients, float[][] slots, Span<float> backup, float decay)
    {
        public readonly Span<float> Weights = weights, Backup = backup;
        public readonly ReadOnlySpan<float> Gradients = gradients;
        public readonly Span<float> First = slots.Length > 0 ? slots[0] : default, Second = slots.Length > 1 ? slots[1] : default;
        public readonly float Decay = decay;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Run<TRule>(TRule rule, Values values)
        where TRule : struct, IUpdateRule
    {
        ref float w = ref MemoryMarshal.GetReference(values.Weights);
        ref float g = ref MemoryMarshal.GetReference(values.Gradients);
        ref float s1 = ref MemoryMarshal.GetReference(values.First);
        ref float s2 = ref MemoryMarshal.GetReference(values.Second);
        ref float old = ref MemoryMarshal.GetReference(values.Backup);
        bool keep = !values.Backup.IsEmpty, hasFirst = !values.First.IsEmpty, hasSecond = !values.Second.IsEmpty;
        int n = values.Weights.Length, k = 0;
        var bad = Lanes.Splat(0f);
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            Lanes decay = Lanes.Splat(values.Decay);
            for (; k + Lanes.Count <= n; k += Lanes.Count)
            {
                Lanes wk = Lanes.Load(ref w, k);
                if (keep)
                {
                    wk.Store(ref old, k);
                }

                Lanes first = hasFirst ? Lanes.Load(ref s1, k) : default, second = hasSecond ? Lanes.Load(ref s2, k) : default;
                wk = rule.Apply(wk, Lanes.Load(ref g, k), ref first, ref second, decay);
                wk.Store(ref w, k);
                if (hasFirst)
                {
                    first.Store(ref s1, k);
                }

                if (hasSecond)
                {
                    second.Store(ref s2, k);
                }

                bad += wk - wk;
            }
        }

        var tail = new Scalar(0f);
        for (; k < n; k++)
        {
            var wk = new Scalar(Unsafe.Add(ref w, k));
            if (keep)
            {
                Unsafe.Add(ref old, k) = wk.Value;
            }

            Scalar first = new(hasFirst ? Unsafe.Add(ref s1, k) : 0f), second = new(hasSecond ? Unsafe.Add(ref s2, k) : 0f);
            wk = rule.Apply(wk, new Scalar(Unsafe.Add(ref g, k)), ref first, ref second, new Scalar(values.Decay));
            Unsafe.Add(ref w, k) = wk.Value;
            if (hasFirst)
            {
                Unsafe.Add(ref s1, k) = first.Value;
            }

            if (hasSecond)
            {
                Unsafe.Add(ref s2, k) = second.Value;
            }

            tail += wk - wk;
        }

        // w - w is 0 for a finite w and NaN otherwise, so the sum is 0 exactly when every value is finite.
        return System.Numerics.Vector.Sum(bad.Value) + tail.Value == 0f;
    }
}
