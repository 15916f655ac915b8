using System;

namespace SparseGen.Kernels;

/// <summary>
/// Argument checks shared by every <see cref="ILayerKernel"/>, generated or generic, so a wrong buffer is an
/// exception naming the expected and actual lengths, never a silent out-of-bounds read.
/// </summary>
public static class KernelChecks
{
    /// <summary>Checks the arguments of <see cref="ILayerKernel.Forward"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer's length is not the one its layout needs.</exception>
    public static void Forward(ILayerKernel kernel, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input, ReadOnlySpan<float> output, int batch)
    {
        Batch(batch);
        Length(nameof(weights), weights.Length, kernel.EdgeCount);
        Length(nameof(bias), bias.Length, kernel.Outputs);
        Length(nameof(input), input.Length, (long)kernel.Inputs * batch);
        Length(nameof(output), output.Length, (long)kernel.Outputs * batch);
    }

    /// <summary>Checks the arguments of <see cref="ILayerKernel.Backward"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer's length is not the one its layout needs.</exception>
    public static void Backward(ILayerKernel kernel, ReadOnlySpan<float> weights, ReadOnlySpan<float> input,
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> weightGradient, ReadOnlySpan<float> biasGradient,
        ReadOnlySpan<float> inputGradient, int batch)
    {
        Batch(batch);
        Length(nameof(weights), weights.Length, kernel.EdgeCount);
        Length(nameof(input), input.Length, (long)kernel.Inputs * batch);
        Length(nameof(outputGradient), outputGradient.Length, (long)kernel.Outputs * batch);
        Length(nameof(weightGradient), weightGradient.Length, kernel.EdgeCount);
        Length(nameof(biasGradient), biasGradient.Length, kernel.Outputs);
        if (!inputGradient.IsEmpty)
        {
            Length(nameof(inputGradient), inputGradient.Length, (long)kernel.Inputs * batch);
        }
    }

    /// <summary>Throws when <paramref name="actual"/> is not <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Length(string name, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has length {actual}; expected {expected}.", name);
        }
    }

    /// <summary>Writes the canonical edges of <paramref name="topology"/> (by output, then input), for kernels that store weights in that order.</summary>
    /// <exception cref="ArgumentException">A span's length is not the edge count.</exception>
    public static void CanonicalEdges(Topology topology, Span<int> inputs, Span<int> outputs)
    {
        Length(nameof(inputs), inputs.Length, topology.EdgeCount);
        Length(nameof(outputs), outputs.Length, topology.EdgeCount);
        int e = 0;
        foreach (var (i, j) in topology.Edges)
        {
            inputs[e] = i;
            outputs[e++] = j;
        }
    }

    private static void Batch(int batch)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must be at least 1.");
        }
    }
}
