using System;
using System.Collections.Generic;
using SparseGen.Core;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Networks;

/// <summary>
/// The forward and backward passes of training on a network's layers (<see cref="SparseNetwork.Forward"/>,
/// <see cref="SparseNetwork.Backward"/>): the buffers of the last batch, cut into chunks of
/// <see cref="SparseNetwork.ChunkSize"/> samples that run on a <see cref="ChunkScheduler"/>, and the chunks'
/// gradients summed in chunk order. One pass at a time.
/// </summary>
internal sealed class TrainingPass : IChunkJob
{
    private readonly SparseLayer[] _layers;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly ChunkScheduler _scheduler = new();
    private TrainingChunk[] _chunks = [];
    private float[] _output = [];
    private bool _dropout;
    private Pass _pass;
    private int _batch;
    private int _threads;

    /// <summary>Creates the passes of <paramref name="layers"/> (the network's own array, whose layers may be rewired in place) and their <paramref name="parameters"/>.</summary>
    public TrainingPass(SparseLayer[] layers, IReadOnlyList<Parameter> parameters)
    {
        _layers = layers;
        _parameters = parameters;
    }

    private enum Pass
    {
        Forward,
        Backward,
    }

    private int InputCount => _layers[0].Inputs;

    private int OutputCount => _layers[^1].Units;

    /// <summary>Drops the buffers of the last batch after the layers changed size; the next pass must be a forward one.</summary>
    public void Invalidate() => _batch = 0;

    /// <summary>As <see cref="SparseNetwork.Forward"/>, on <paramref name="threads"/> threads.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/>'s length is not <c>InputCount * batchSize</c>.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batchSize, Xoshiro256StarStar? dropout, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)InputCount * batchSize);
        EnsureBuffers(batchSize);
        Scatter(input, batchSize, InputCount, c => c.Input);
        _dropout = dropout is not null;
        if (dropout is not null)
        {
            DropoutMasks.Draw(dropout, _layers, _chunks, batchSize);
        }

        _pass = Pass.Forward;
        _threads = threads;
        _scheduler.Run(this, _chunks.Length, threads);
        if (_chunks.Length == 1)
        {
            return _chunks[0].Outputs[^1].Span;
        }

        Gather(_output, batchSize, OutputCount, c => c.Outputs[^1]);
        return _output;
    }

    /// <summary>As <see cref="SparseNetwork.Backward"/>, on <paramref name="threads"/> threads.</summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batchSize</c>.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, int batchSize, int threads)
    {
        if (batchSize != _batch)
        {
            throw new InvalidOperationException($"Backward needs a Forward with the same batch size first (last forward batch: {_batch}, this call: {batchSize}).");
        }

        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)OutputCount * batchSize);
        Scatter(outputGradient, batchSize, OutputCount, c => c.Gradients[^1]);
        _pass = Pass.Backward;
        _threads = threads;
        _scheduler.Run(this, _chunks.Length, threads);
        for (int c = 1; c < _chunks.Length; c++)
        {
            for (int p = 0; p < _parameters.Count; p++)
            {
                VectorMath.Add(_chunks[c].ParameterGradients[p], _parameters[p].Gradients);
            }
        }
    }

    void IChunkJob.RunChunk(int chunk)
    {
        if (_pass == Pass.Forward)
        {
            ForwardChunk(_chunks[chunk]);
        }
        else
        {
            BackwardChunk(_chunks[chunk], chunk);
        }
    }

    private void ForwardChunk(TrainingChunk chunk)
    {
        ReadOnlyMemory<float> x = chunk.Input;
        for (int l = 0; l < _layers.Length; l++)
        {
            SparseLayer layer = _layers[l];
            Span<float> a = chunk.Activations[l].Span;
            Memory<float> zMemory = chunk.PreActivations[l].IsEmpty ? chunk.Activations[l] : chunk.PreActivations[l];
            Span<float> z = zMemory.Span;
            if (SharedKernel(layer, chunk) is { } shared)
            {
                shared.Forward(layer.Weights.Values, layer.Bias.Values, x, zMemory, chunk.Size, _threads);
            }
            else
            {
                layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x.Span, z, chunk.Size);
            }

            Activations.Forward(layer.Activation, z, a, layer.Units, chunk.Size, (float)layer.NegativeSlope);
            chunk.Outputs[l] = chunk.Activations[l];
            if (_dropout && layer.Dropout > 0)
            {
                VectorMath.Multiply(a, chunk.Masks[l].Span, chunk.Dropped[l].Span);
                chunk.Outputs[l] = chunk.Dropped[l];
            }

            x = chunk.Outputs[l];
        }
    }

    /// <summary>
    /// The layer's CSR kernel when this pass runs one chunk on several threads and the layer is large enough to share
    /// (<see cref="CsrLayerKernel.Shares"/>): the threads then split the layer's rows instead of the batch, without another gradient buffer.
    /// </summary>
    private CsrLayerKernel? SharedKernel(SparseLayer layer, TrainingChunk chunk) =>
        _chunks.Length == 1 && _threads > 1 && layer.Kernel is CsrLayerKernel csr && csr.Shares(chunk.Size) ? csr : null;

    private void BackwardChunk(TrainingChunk chunk, int index)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            SparseLayer layer = _layers[l];
            ReadOnlyMemory<float> x = l == 0 ? chunk.Input : chunk.Outputs[l - 1];
            Memory<float> dxMemory = l == 0 ? Memory<float>.Empty : chunk.Gradients[l - 1];
            Span<float> dx = dxMemory.Span;
            float[] dw = index == 0 ? layer.Weights.Gradients : chunk.ParameterGradients[2 * l];
            float[] db = index == 0 ? layer.Bias.Gradients : chunk.ParameterGradients[(2 * l) + 1];
            if (SharedKernel(layer, chunk) is { } shared)
            {
                shared.Backward(layer.Weights.Values, x, chunk.Gradients[l], dw, db, dxMemory, chunk.Size, _threads);
            }
            else
            {
                layer.Kernel.Backward(layer.Weights.Values, x.Span, chunk.Gradients[l].Span, dw, db, dx, chunk.Size);
            }

            if (l > 0)
            {
                SparseLayer previous = _layers[l - 1];
                if (!chunk.Outputs[l - 1].Equals(chunk.Activations[l - 1]))
                {
                    VectorMath.Multiply(dx, chunk.Masks[l - 1].Span, dx);
                }

                Memory<float> kept = chunk.PreActivations[l - 1].IsEmpty ? chunk.Activations[l - 1] : chunk.PreActivations[l - 1];
                Activations.Backward(previous.Activation, kept.Span, dx, previous.Units, chunk.Size, (float)previous.NegativeSlope);
            }
        }
    }

    /// <summary>Copies each chunk's columns of a feature-major <c>[rows, batch]</c> source into its own <c>[rows, size]</c> buffer.</summary>
    private void Scatter(ReadOnlySpan<float> source, int batch, int rows, Func<TrainingChunk, Memory<float>> target)
    {
        foreach (TrainingChunk chunk in _chunks)
        {
            Span<float> buffer = target(chunk).Span;
            for (int r = 0; r < rows; r++)
            {
                source.Slice((r * batch) + chunk.Start, chunk.Size).CopyTo(buffer.Slice(r * chunk.Size, chunk.Size));
            }
        }
    }

    /// <summary>The inverse of <see cref="Scatter"/>.</summary>
    private void Gather(Span<float> destination, int batch, int rows, Func<TrainingChunk, Memory<float>> source)
    {
        foreach (TrainingChunk chunk in _chunks)
        {
            ReadOnlySpan<float> buffer = source(chunk).Span;
            for (int r = 0; r < rows; r++)
            {
                buffer.Slice(r * chunk.Size, chunk.Size).CopyTo(destination.Slice((r * batch) + chunk.Start, chunk.Size));
            }
        }
    }

    private void EnsureBuffers(int batchSize)
    {
        if (batchSize == _batch)
        {
            return;
        }

        _chunks = new TrainingChunk[SparseNetwork.ChunkCount(batchSize)];
        for (int c = 0; c < _chunks.Length; c++)
        {
            int start = c * SparseNetwork.ChunkSize;
            _chunks[c] = TrainingChunk.Allocate(c, start, Math.Min(SparseNetwork.ChunkSize, batchSize - start), _layers, _parameters);
        }

        _output = new float[OutputCount * batchSize];
        _batch = batchSize;
    }
}
