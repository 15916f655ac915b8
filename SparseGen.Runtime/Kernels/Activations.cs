using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SparseGen.Kernels;

/// <summary>Activation functions and their backward passes over feature-major <c>[units, batch]</c> buffers.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    /// <summary>Writes <c>a = f(z)</c>. Softmax normalises each sample (column) over the units, shifted by its maximum for stability.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Activation activation, ReadOnlySpan<float> z, Span<float> a, int units, int batch)
    {
        switch (activation)
        {
            case Activation.Linear:
                z.CopyTo(a);
                break;
            case Activation.Relu:
                VectorMath.Relu(z, a);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(z, a);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(z, a);
                break;
            case Activation.Softmax:
                Softmax(z, a, units, batch);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>
    /// Turns <c>da = dL/da</c> into <c>dz = dL/dz</c> in place, from the forward output <paramref name="a"/>:
    /// ReLU <c>da * [a &gt; 0]</c>, sigmoid <c>da * a (1 - a)</c>, tanh <c>da * (1 - a^2)</c>, softmax
    /// <c>a_j (da_j - sum_k da_k a_k)</c> per sample.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(Activation activation, ReadOnlySpan<float> a, Span<float> gradient, int units, int batch)
    {
        switch (activation)
        {
            case Activation.Linear:
                break;
            case Activation.Relu:
            case Activation.Sigmoid:
            case Activation.Tanh:
                Derivative(activation, a, gradient);
                break;
            case Activation.Softmax:
                for (int b = 0; b < batch; b++)
                {
                    float dot = 0;
                    for (int j = 0; j < units; j++)
                    {
                        dot += gradient[(j * batch) + b] * a[(j * batch) + b];
                    }

                    for (int j = 0; j < units; j++)
                    {
                        int k = (j * batch) + b;
                        gradient[k] = a[k] * (gradient[k] - dot);
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>The element-wise derivatives, SIMD with a scalar tail in the same operation order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Derivative(Activation activation, ReadOnlySpan<float> a, Span<float> gradient)
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
            var one = Vector<float>.One;
            for (; k + Vector<float>.Count <= n; k += Vector<float>.Count)
            {
                Vector<float> av = Vector.LoadUnsafe(ref ak, (nuint)k), gv = Vector.LoadUnsafe(ref gk, (nuint)k);
                gv = activation switch
                {
                    Activation.Relu => Vector.ConditionalSelect(Vector.GreaterThan(av, Vector<float>.Zero), gv, Vector<float>.Zero),
                    Activation.Sigmoid => gv * (av * (one - av)),
                    _ => gv * (one - (av * av)),
                };
                gv.StoreUnsafe(ref gk, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            float av = Unsafe.Add(ref ak, k);
            ref float gv = ref Unsafe.Add(ref gk, k);
            gv = activation switch
            {
                Activation.Relu => av > 0 ? gv : 0f,
                Activation.Sigmoid => gv * (av * (1 - av)),
                _ => gv * (1 - (av * av)),
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Softmax(ReadOnlySpan<float> z, Span<float> a, int units, int batch)
    {
        for (int b = 0; b < batch; b++)
        {
            float max = float.NegativeInfinity;
            for (int j = 0; j < units; j++)
            {
                max = MathF.Max(max, z[(j * batch) + b]);
            }

            float sum = 0;
            for (int j = 0; j < units; j++)
            {
                float e = MathF.Exp(z[(j * batch) + b] - max);
                a[(j * batch) + b] = e;
                sum += e;
            }

            float scale = 1 / sum;
            for (int j = 0; j < units; j++)
            {
                a[(j * batch) + b] *= scale;
            }
        }
    }
}
