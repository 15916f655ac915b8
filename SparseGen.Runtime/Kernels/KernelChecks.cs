using System;
using System.ComponentModel;
using SparseGen.Core;

namespace SparseGen.Kernels;

/// <summary>
/// The argument checks of <see cref="ILayerKernel.Forward"/> and <see cref="ILayerKernel.Backward"/>, shared by every
/// kernel, generated or generic. Called by generated code; not part of the everyday API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelChecks
{
    /// <summary>Checks the arguments of <see cref="ILayerKernel.Forward"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer's length is not the one its layout needs.</exception>
    public static void Forward(ILayerKernel kernel, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input, ReadOnlySpan<float> output, int batch)
    {
        Checks.Batch(batch);
        Checks.Length(nameof(weights), weights.Length, kernel.EdgeCount);
        Checks.Length(nameof(bias), bias.Length, kernel.Units);
        Checks.Length(nameof(input), input.Length, (long)kernel.Inputs * batch);
        Checks.Length(nameof(output), output.Length, (long)kernel.Units * batch);
    }

    /// <summary>Checks the arguments of <see cref="ILayerKernel.Backward"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer's length is not the one its layout needs.</exception>
    public static void Backward(ILayerKernel kernel, ReadOnlySpan<float> weights, ReadOnlySpan<float> input,
        ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> weightGradient, ReadOnlySpan<float> biasGradient,
        ReadOnlySpan<float> inputGradient, int batch)
    {
        Checks.Batch(batch);
        Checks.Length(nameof(weights), weights.Length, kernel.EdgeCount);
        Checks.Length(nameof(input), input.Length, (long)kernel.Inputs * batch);
        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)kernel.Units * batch);
        Checks.Length(nameof(weightGradient), weightGradient.Length, kernel.EdgeCount);
        Checks.Length(nameof(biasGradient), biasGradient.Length, kernel.Units);
        if (!inputGradient.IsEmpty)
        {
            Checks.Length(nameof(inputGradient), inputGradient.Length, (long)kernel.Inputs * batch);
        }
    }
}
