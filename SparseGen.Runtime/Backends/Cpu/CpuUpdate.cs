using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>The host's form of each <see cref="ParameterUpdate"/>: one loop over a parameter's values, gradients and slots.</summary>
internal static class CpuUpdate
{
    /// <summary>Applies <paramref name="update"/> to every parameter with its slots from <paramref name="state"/>.</summary>
    /// <exception cref="ArgumentException">The update needs more slots than the state has.</exception>
    public static void Apply(ParameterUpdate update, IReadOnlyList<Parameter> parameters, OptimizerState state)
    {
        if (update.SlotCount > state.SlotNames.Count)
        {
            throw new ArgumentException($"The update needs {update.SlotCount} optimizer slots; the state has {state.SlotNames.Count}.", nameof(state));
        }

        foreach (Parameter parameter in parameters)
        {
            float[] w = parameter.Values, g = parameter.Gradients;
            switch (update)
            {
                case SgdUpdate u:
                    Sgd(w, g, u.LearningRate);
                    break;
                case MomentumUpdate u:
                    Momentum(w, g, state.Slots(parameter)[0], u);
                    break;
                case MomentUpdate u:
                    float[][] slots = state.Slots(parameter);
                    Moment(w, g, slots[0], slots[1], u);
                    break;
                default:
                    throw new NotSupportedException($"The CPU backend has no form of {update.GetType().Name}.");
            }
        }
    }

    private static void Sgd(Span<float> w, ReadOnlySpan<float> g, float lr)
    {
        for (int k = 0; k < w.Length; k++)
        {
            w[k] -= lr * g[k];
        }
    }

    private static void Momentum(Span<float> w, ReadOnlySpan<float> g, Span<float> v, MomentumUpdate u)
    {
        float lr = u.LearningRate, mu = u.Momentum;
        for (int k = 0; k < w.Length; k++)
        {
            v[k] = (mu * v[k]) + g[k];
            w[k] -= lr * (u.Nesterov ? g[k] + (mu * v[k]) : v[k]);
        }
    }

    /// <summary>The Adam family's step, eight values at a time where the CPU has the vectors (the same operations in the same order, so the same bits).</summary>
    private static void Moment(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, MomentUpdate u)
    {
        float b1 = u.Beta1, b2 = u.Beta2, lr = u.LearningRate, eps = u.Epsilon;
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> vb1 = Vector256.Create(b1), vb2 = Vector256.Create(b2), c1 = Vector256.Create(1 - b1), c2 = Vector256.Create(1 - b2);
            Vector256<float> gs = Vector256.Create(u.GradientScale), ms = Vector256.Create(u.MomentScale), vs = Vector256.Create(u.VarianceScale);
            Vector256<float> rate = Vector256.Create(lr), epsilon = Vector256.Create(eps);
            for (; k + 8 <= w.Length; k += 8)
            {
                Vector256<float> gk = Vector256.Create(g.Slice(k, 8));
                Vector256<float> mk = (vb1 * Vector256.Create((ReadOnlySpan<float>)m.Slice(k, 8))) + (c1 * gk);
                Vector256<float> vk = (vb2 * Vector256.Create((ReadOnlySpan<float>)v.Slice(k, 8))) + (c2 * gk * gk);
                Vector256<float> update = (gs * gk) + (ms * mk);
                Vector256<float> wk = Vector256.Create((ReadOnlySpan<float>)w.Slice(k, 8)) - (rate * update / (Vector256.Sqrt(vk * vs) + epsilon));
                mk.CopyTo(m.Slice(k, 8));
                vk.CopyTo(v.Slice(k, 8));
                wk.CopyTo(w.Slice(k, 8));
            }
        }

        for (; k < w.Length; k++)
        {
            m[k] = (b1 * m[k]) + ((1 - b1) * g[k]);
            v[k] = (b2 * v[k]) + ((1 - b2) * g[k] * g[k]);
            float update = (u.GradientScale * g[k]) + (u.MomentScale * m[k]);
            w[k] -= lr * update / (MathF.Sqrt(v[k] * u.VarianceScale) + eps);
        }
    }
}
