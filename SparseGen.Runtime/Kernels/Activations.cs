using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Numerics.Tensors;

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
                TensorPrimitives.Max(z, 0f, a);
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
                for (int k = 0; k < gradient.Length; k++)
                {
                    gradient[k] = a[k] > 0 ? gradient[k] : 0f;
                }

                break;
            case Activation.Sigmoid:
                for (int k = 0; k < gradient.Length; k++)
                {
                    gradient[k] *= a[k] * (1 - a[k]);
                }

                break;
            case Activation.Tanh:
                for (int k = 0; k < gradient.Length; k++)
                {
                    gradient[k] *= 1 - (a[k] * a[k]);
                }

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
