using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Kernels;

/// <summary>
/// Activation functions and their backward passes over feature-major <c>[units, batch]</c> buffers: the formulas of
/// <see cref="ActivationMath"/> and <see cref="SoftmaxMath"/> (which device kernels run too) in SIMD loops.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    /// <summary>
    /// Writes <c>a = f(z)</c>. Softmax normalises each sample (column) over the units, shifted by its maximum for
    /// stability; <paramref name="negativeSlope"/> is <see cref="Activation.LeakyRelu"/>'s, which alone reads it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="z"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation activation, ReadOnlySpan<float> z, Span<float> a, int units, int batch, float negativeSlope = 0f)
    {
        switch (activation)
        {
            case Activation.Linear:
                z.CopyTo(a);
                break;
            case Activation.Relu:
            case Activation.Sigmoid:
            case Activation.Tanh:
            case Activation.LeakyRelu:
                Map(activation, negativeSlope, z, a);
                break;
            case Activation.Softmax:
                for (int b = 0; b < batch; b++)
                {
                    SoftmaxMath.Forward(new SpanColumn(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(z), z.Length), b, units, batch), new SpanColumn(a, b, units, batch));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// Turns <c>da = dL/da</c> into <c>dz = dL/dz</c> in place, from the forward output <paramref name="a"/> (the
    /// pre-activations <c>z</c> for <see cref="Activation.LeakyRelu"/>, see <see cref="ActivationMath.ReadsInput"/>):
    /// ReLU <c>da * [a &gt; 0]</c>, sigmoid <c>da * a (1 - a)</c>, tanh <c>da * (1 - a^2)</c>, softmax
    /// <c>a_j (da_j - sum_k da_k a_k)</c> per sample, leaky ReLU <c>da</c> for <c>z &gt;= 0</c> and
    /// <c>negativeSlope * da</c> below.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException"><paramref name="a"/> is shorter than <paramref name="gradient"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation activation, ReadOnlySpan<float> a, Span<float> gradient, int units, int batch, float negativeSlope = 0f)
    {
        switch (activation)
        {
            case Activation.Linear:
                break;
            case Activation.Relu:
            case Activation.Sigmoid:
            case Activation.Tanh:
            case Activation.LeakyRelu:
                Derivative(activation, negativeSlope, a, gradient);
                break;
            case Activation.Softmax:
                Span<float> activations = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(a), a.Length);
                for (int b = 0; b < batch; b++)
                {
                    SoftmaxMath.Backward(new SpanColumn(activations, b, units, batch), new SpanColumn(gradient, b, units, batch));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Map(Activation activation, float negativeSlope, ReadOnlySpan<float> z, Span<float> a)
    {
        int n = z.Length, k = 0;
        if (a.Length < n)
        {
            throw new ArgumentException($"The output holds {a.Length} values; the input has {n}.", nameof(a));
        }

        ref float zk = ref MemoryMarshal.GetReference(z);
        ref float ak = ref MemoryMarshal.GetReference(a);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Lanes.Count <= n; k += Lanes.Count)
            {
                ActivationMath.Forward(activation, negativeSlope, Lanes.Load(ref zk, k)).Store(ref ak, k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref ak, k) = ActivationMath.Forward(activation, negativeSlope, new Scalar(Unsafe.Add(ref zk, k))).Value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Derivative(Activation activation, float negativeSlope, ReadOnlySpan<float> a, Span<float> gradient)
    {
        int n = gradient.Length, k = 0;
        if (a.Length < n)
        {
            throw new ArgumentException($"The activations hold {a.Length} values; the gradient has {n}.", nameof(a));
        }

        ref float ak = ref MemoryMarshal.GetReference(a);
        ref float gk = ref MemoryMarshal.GetReference(gradient);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Lanes.Count <= n; k += Lanes.Count)
            {
                ActivationMath.Backward(activation, negativeSlope, Lanes.Load(ref ak, k), Lanes.Load(ref gk, k)).Store(ref gk, k);
            }
        }

        for (; k < n; k++)
        {
            ref float g = ref Unsafe.Add(ref gk, k);
            g = ActivationMath.Backward(activation, negativeSlope, new Scalar(Unsafe.Add(ref ak, k)), new Scalar(g)).Value;
        }
    }

    /// <summary>Sample <c>b</c>'s column of a <c>[units, batch]</c> span.</summary>
    private readonly ref struct SpanColumn(Span<float> values, int b, int units, int batch) : IFeatureColumn
    {
        private readonly Span<float> _values = values;

        public int Units { get; } = units;

        public float this[int unit]
        {
            get => _values[(unit * batch) + b];
            set => _values[(unit * batch) + b] = value;
        }
    }
}
