using System;

namespace SparseGen.Networks;

/// <summary>A trainable tensor (a layer's weights or biases) and the gradient of the loss with respect to it.</summary>
public sealed class Parameter
{
    /// <summary>Creates a zero-filled parameter of <paramref name="length"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public Parameter(string name, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Name = name;
        Values = new float[length];
        Gradients = new float[length];
    }

    /// <summary>A name unique within the model, such as <c>Hidden.weights</c>.</summary>
    public string Name { get; }

    /// <summary>The values; for weights, one per edge in canonical order. A new array after a rewiring that changes the length (<see cref="SparseNetwork.Rewire"/>).</summary>
    public float[] Values { get; private set; }

    /// <summary><c>dL/dValues</c> from the last backward pass, same length and order as <see cref="Values"/>.</summary>
    public float[] Gradients { get; private set; }

    /// <summary>Number of values.</summary>
    public int Length => Values.Length;

    /// <summary>
    /// Sets the values to <paramref name="values"/> (copied; the gradients zeroed), reusing the arrays when the length
    /// stays and taking new ones when it changes.
    /// </summary>
    internal void Replace(ReadOnlySpan<float> values)
    {
        if (values.Length != Values.Length)
        {
            Values = new float[values.Length];
            Gradients = new float[values.Length];
        }
        else
        {
            Array.Clear(Gradients);
        }

        values.CopyTo(Values);
    }
}
