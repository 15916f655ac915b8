using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Networks;

/// <summary>The buffers of one chunk of a training batch: samples <see cref="Start"/> .. <c>Start + Size - 1</c>, each buffer feature-major <c>[rows, Size]</c>.</summary>
internal sealed class TrainingChunk
{
    public int Start;
    public int Size;
    public Memory<float> Input;

    /// <summary>Each layer's activations.</summary>
    public Memory<float>[] Activations = [];

    /// <summary>The pre-activations of each layer whose activation's derivative reads them (<see cref="ActivationMath.ReadsInput"/>); empty for the others.</summary>
    public Memory<float>[] PreActivations = [];

    /// <summary>What each layer passes on: its activations, or <see cref="Dropped"/> when dropout ran on it.</summary>
    public Memory<float>[] Outputs = [];

    /// <summary>Each dropout layer's factors (0 or the keep scale); empty for a layer without dropout.</summary>
    public Memory<float>[] Masks = [];

    /// <summary>Each dropout layer's activations times its mask; empty for a layer without dropout.</summary>
    public Memory<float>[] Dropped = [];

    /// <summary>The gradient with respect to each layer's pre-activations.</summary>
    public Memory<float>[] Gradients = [];

    /// <summary>This chunk's share of each parameter's gradient (chunk 0 writes the parameters' own arrays).</summary>
    public float[][] ParameterGradients = [];

    /// <summary>The zeroed buffers of chunk <paramref name="index"/>, samples <paramref name="start"/> .. <c>start + size - 1</c>.</summary>
    public static TrainingChunk Allocate(int index, int start, int size, SparseLayer[] layers, IReadOnlyList<Parameter> parameters) => new()
    {
        Start = start,
        Size = size,
        Input = AlignedBuffer.Allocate(layers[0].Inputs * size),
        Activations = layers.Select(l => AlignedBuffer.Allocate(l.Units * size)).ToArray(),
        PreActivations = layers.Select(l => ActivationMath.ReadsInput(l.Activation) ? AlignedBuffer.Allocate(l.Units * size) : Memory<float>.Empty).ToArray(),
        Outputs = new Memory<float>[layers.Length],
        Masks = layers.Select(l => l.Dropout > 0 ? AlignedBuffer.Allocate(l.Units * size) : Memory<float>.Empty).ToArray(),
        Dropped = layers.Select(l => l.Dropout > 0 ? AlignedBuffer.Allocate(l.Units * size) : Memory<float>.Empty).ToArray(),
        Gradients = layers.Select(l => AlignedBuffer.Allocate(l.Units * size)).ToArray(),
        ParameterGradients = index == 0 ? [] : parameters.Select(p => new float[p.Length]).ToArray(),
    };
}
