using System;
using SparseGen.Kernels.Generic;

namespace SparseGen.Kernels;

/// <summary>
/// The forward and backward math of one sparse layer over a fixed topology: the generated code implements
/// it with the topology baked in; <see cref="CsrLayerKernel"/> implements it by reading a
/// <see cref="Topology"/> at run time.
/// </summary>
/// <remarks>
/// Layouts: activations are feature-major, <c>[features, batch]</c> (element <c>(f, b)</c> at
/// <c>f * batch + b</c>); weights hold one value per edge in the kernel's weight order, which
/// <see cref="GetWeightEdges"/> gives (canonical, by output then input, for every kernel but
/// <see cref="CodegenStrategy.IndexFree"/>, which is shift-major); biases one value per output. Kernels keep no state and may be called from several threads at once.
/// </remarks>
public interface ILayerKernel
{
    /// <summary>Number of inputs <c>nin</c>.</summary>
    int Inputs { get; }

    /// <summary>Number of outputs <c>nout</c>.</summary>
    int Units { get; }

    /// <summary>Number of edges <c>E</c>, the length of the weight array.</summary>
    int EdgeCount { get; }

    /// <summary>The topology's <see cref="Topology.Fingerprint"/>.</summary>
    ulong Fingerprint { get; }

    /// <summary>
    /// How the generated kernel was specialised (<see cref="CodegenStrategy.Auto"/> never appears here); null for a
    /// generic kernel, which reads its topology at run time.
    /// </summary>
    CodegenStrategy? Strategy { get; }

    /// <summary>Writes the edge that each weight belongs to: weight <c>s</c> is the edge from <c>inputs[s]</c> to <c>outputs[s]</c>.</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="EdgeCount"/>.</exception>
    void GetWeightEdges(Span<int> inputs, Span<int> outputs);

    /// <summary>Pre-activations <c>z[j, b] = bias[j] + sum over edges (i, j) of w[e] * x[i, b]</c> (Luo 2020, eq. 9).</summary>
    /// <param name="weights">Length <c>E</c>.</param>
    /// <param name="bias">Length <c>nout</c>.</param>
    /// <param name="input"><c>[nin, batch]</c>.</param>
    /// <param name="output"><c>[nout, batch]</c>, overwritten.</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>
    /// Gradients from <c>dz = dL/dz</c>: <c>dW[e] = sum_b dz[j, b] * x[i, b]</c> at existing edges only,
    /// <c>db[j] = sum_b dz[j, b]</c>, and <c>dx[i, b] = sum over edges (i, j) of w[e] * dz[j, b]</c> gathered per
    /// input (no atomics, deterministic). All three are overwritten.
    /// </summary>
    /// <param name="weights">Length <c>E</c>.</param>
    /// <param name="input">The forward input <c>x</c>, <c>[nin, batch]</c>.</param>
    /// <param name="outputGradient"><c>dz</c>, <c>[nout, batch]</c>.</param>
    /// <param name="weightGradient">Length <c>E</c>.</param>
    /// <param name="biasGradient">Length <c>nout</c>.</param>
    /// <param name="inputGradient"><c>[nin, batch]</c>, or empty to skip <c>dx</c> (first layer).</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch);
}
