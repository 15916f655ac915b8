using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>
/// The host's form of each <see cref="ParameterUpdate"/>: one SIMD loop over a parameter's values, gradients and
/// slots, with weight decay folded in. Every lane does the scalar formula's operations in the same order (no fused
/// multiply-add), so the vector body and the scalar tail agree bit for bit with the formula written once per value.
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

        float[] w = parameter.Values, g = parameter.Gradients;
        return update switch
        {
            SgdUpdate u => Sgd(w, g, backup, decay, u.LearningRate),
            MomentumUpdate u => Momentum(w, g, state.Slots(parameter)[0], backup, decay, u),
            MomentUpdate u => Moment(w, g, state.Slots(parameter), backup, decay, u),
            _ => throw new NotSupportedException($"The CPU backend has no form of {update.GetType().Name}."),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Sgd(float[] weights, float[] gradients, Span<float> backup, float decay, float lr)
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float g = ref MemoryMarshal.GetArrayDataReference(gradients);
        ref float old = ref MemoryMarshal.GetReference(backup);
        bool keep = !backup.IsEmpty;
        int n = weights.Length, k = 0, width = Vector<float>.Count;
        var bad = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vl = new(lr), vd = new(decay);
            for (; k + width <= n; k += width)
            {
                Vector<float> wk = Vector.LoadUnsafe(ref w, (nuint)k);
                if (keep)
                {
                    wk.StoreUnsafe(ref old, (nuint)k);
                }

                Vector<float> gk = (wk * vd) + Vector.LoadUnsafe(ref g, (nuint)k);
                wk -= vl * gk;
                wk.StoreUnsafe(ref w, (nuint)k);
                bad += wk - wk;
            }
        }

        float tail = 0f;
        for (; k < n; k++)
        {
            float wk = Unsafe.Add(ref w, k);
            if (keep)
            {
                Unsafe.Add(ref old, k) = wk;
            }

            float gk = (wk * decay) + Unsafe.Add(ref g, k);
            wk -= lr * gk;
            Unsafe.Add(ref w, k) = wk;
            tail += wk - wk;
        }

        return Finite(bad, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Momentum(float[] weights, float[] gradients, float[] velocity, Span<float> backup, float decay, MomentumUpdate u)
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float g = ref MemoryMarshal.GetArrayDataReference(gradients);
        ref float v = ref MemoryMarshal.GetArrayDataReference(velocity);
        ref float old = ref MemoryMarshal.GetReference(backup);
        bool keep = !backup.IsEmpty, nesterov = u.Nesterov;
        float lr = u.LearningRate, mu = u.Momentum;
        int n = weights.Length, k = 0, width = Vector<float>.Count;
        var bad = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vl = new(lr), vm = new(mu), vd = new(decay);
            for (; k + width <= n; k += width)
            {
                Vector<float> wk = Vector.LoadUnsafe(ref w, (nuint)k);
                if (keep)
                {
                    wk.StoreUnsafe(ref old, (nuint)k);
                }

                Vector<float> gk = (wk * vd) + Vector.LoadUnsafe(ref g, (nuint)k);
                Vector<float> vk = (vm * Vector.LoadUnsafe(ref v, (nuint)k)) + gk;
                vk.StoreUnsafe(ref v, (nuint)k);
                wk -= vl * (nesterov ? gk + (vm * vk) : vk);
                wk.StoreUnsafe(ref w, (nuint)k);
                bad += wk - wk;
            }
        }

        float tail = 0f;
        for (; k < n; k++)
        {
            float wk = Unsafe.Add(ref w, k);
            if (keep)
            {
                Unsafe.Add(ref old, k) = wk;
            }

            float gk = (wk * decay) + Unsafe.Add(ref g, k);
            float vk = (mu * Unsafe.Add(ref v, k)) + gk;
            Unsafe.Add(ref v, k) = vk;
            wk -= lr * (nesterov ? gk + (mu * vk) : vk);
            Unsafe.Add(ref w, k) = wk;
            tail += wk - wk;
        }

        return Finite(bad, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Moment(float[] weights, float[] gradients, float[][] slots, Span<float> backup, float decay, MomentUpdate u)
    {
        ref float w = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float g = ref MemoryMarshal.GetArrayDataReference(gradients);
        ref float m = ref MemoryMarshal.GetArrayDataReference(slots[0]);
        ref float v = ref MemoryMarshal.GetArrayDataReference(slots[1]);
        ref float old = ref MemoryMarshal.GetReference(backup);
        bool keep = !backup.IsEmpty;
        float b1 = u.Beta1, b2 = u.Beta2, lr = u.LearningRate, eps = u.Epsilon;
        float c1 = 1 - b1, c2 = 1 - b2, gs = u.GradientScale, ms = u.MomentScale, vs = u.VarianceScale;
        int n = weights.Length, k = 0, width = Vector<float>.Count;
        var bad = Vector<float>.Zero;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vb1 = new(b1), vb2 = new(b2), vc1 = new(c1), vc2 = new(c2), vgs = new(gs), vms = new(ms), vvs = new(vs), vl = new(lr), ve = new(eps), vd = new(decay);
            for (; k + width <= n; k += width)
            {
                Vector<float> wk = Vector.LoadUnsafe(ref w, (nuint)k);
                if (keep)
                {
                    wk.StoreUnsafe(ref old, (nuint)k);
                }

                Vector<float> gk = (wk * vd) + Vector.LoadUnsafe(ref g, (nuint)k);
                Vector<float> mk = (vb1 * Vector.LoadUnsafe(ref m, (nuint)k)) + (vc1 * gk);
                Vector<float> vk = (vb2 * Vector.LoadUnsafe(ref v, (nuint)k)) + (vc2 * gk * gk);
                mk.StoreUnsafe(ref m, (nuint)k);
                vk.StoreUnsafe(ref v, (nuint)k);
                Vector<float> step = (vgs * gk) + (vms * mk);
                wk -= vl * step / (Vector.SquareRoot(vk * vvs) + ve);
                wk.StoreUnsafe(ref w, (nuint)k);
                bad += wk - wk;
            }
        }

        float tail = 0f;
        for (; k < n; k++)
        {
            float wk = Unsafe.Add(ref w, k);
            if (keep)
            {
                Unsafe.Add(ref old, k) = wk;
            }

            float gk = (wk * decay) + Unsafe.Add(ref g, k);
            float mk = (b1 * Unsafe.Add(ref m, k)) + (c1 * gk);
            float vk = (b2 * Unsafe.Add(ref v, k)) + (c2 * gk * gk);
            Unsafe.Add(ref m, k) = mk;
            Unsafe.Add(ref v, k) = vk;
            float step = (gs * gk) + (ms * mk);
            wk -= lr * step / (MathF.Sqrt(vk * vs) + eps);
            Unsafe.Add(ref w, k) = wk;
            tail += wk - wk;
        }

        return Finite(bad, tail);
    }

    /// <summary><c>w - w</c> is 0 for a finite <c>w</c> and NaN otherwise, so a sum of them is 0 exactly when every value is finite.</summary>
    private static bool Finite(Vector<float> lanes, float tail) => Vector.Sum(lanes) + tail == 0f;
}
