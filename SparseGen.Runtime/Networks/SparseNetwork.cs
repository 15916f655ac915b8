using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Core;

namespace SparseGen.Networks;

/// <summary>
/// A stack of <see cref="SparseLayer"/>s: inference, and the forward and backward passes of training.
/// Generated models and <see cref="GenericSparseModel"/> both run on it.
/// </summary>
/// <remarks>
/// Batches are feature-major, <c>[features, batch]</c>. <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>
/// is thread-safe and, once the shared array pool is warm, allocation-free; <see cref="Forward"/> and
/// <see cref="Backward"/> keep the activations of one training batch and must not run concurrently. A batch of more
/// than <see cref="ChunkSize"/> samples is cut into chunks of that many, which run on up to <see cref="Threads"/>
/// threads; each chunk's gradients are summed in chunk order, so results do not depend on the thread count.
/// </remarks>
public sealed class SparseNetwork : IChunkJob
{
    private readonly SparseLayer[] _layers;
    private int _maxUnits;
    [ThreadStatic]
    private static PredictJob? t_predict;
    private readonly ChunkScheduler _scheduler = new();
    private Chunk[] _chunks = [];
    private float[] _output = [];
    private bool _dropout;
    private Pass _pass;
    private int _trainingBatch;
    private int _threads = 1;

    /// <summary>Creates a network whose first layer takes <paramref name="inputs"/> features.</summary>
    /// <exception cref="ArgumentException">There is no layer, or a layer's input count is not the previous layer's unit count.</exception>
    public SparseNetwork(int inputs, IReadOnlyList<SparseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        int expected = inputs;
        foreach (SparseLayer layer in layers)
        {
            if (layer.Inputs != expected)
            {
                throw new ArgumentException($"Layer '{layer.Name}' takes {layer.Inputs} inputs, but {expected} arrive from the layer before it.", nameof(layers));
            }

            expected = layer.Units;
        }

        _layers = layers.ToArray();
        _maxUnits = Math.Max(inputs, _layers.Max(l => l.Units));
        InputCount = inputs;
        Parameters = _layers.SelectMany(l => new[] { l.Weights, l.Bias }).ToArray();
    }

    /// <summary>Number of input features.</summary>
    public int InputCount { get; }

    /// <summary>Number of outputs of the last layer.</summary>
    public int OutputCount => _layers[^1].Units;

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ISparseLayer> Layers => _layers;

    /// <summary>Every trainable parameter: each layer's weights, then its biases.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Total number of trainable values (edges plus biases).</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Length);

    /// <summary>
    /// Changes the topologies of layers during training (adaptive sparse connectivity): <paramref name="changes"/>
    /// holds one entry per layer, null for a layer that stays as it is. Each changed layer's kernel rebuilds its tables
    /// in place, its weights become <see cref="LayerRewiring.Weights"/> and its biases follow
    /// <see cref="LayerRewiring.UnitSource"/>; the layer is then <see cref="SparseLayer.TopologyLearned"/>. Everything is
    /// checked before anything changes. Optimizer state is the caller's to move (<c>OptimizerState.Remap</c>), and a
    /// training backend must be told (<c>ITrainingBackend.UploadTopology</c>). Must not run during a pass.
    /// </summary>
    /// <exception cref="ArgumentException">The list does not have one entry per layer; a changed layer's kernel cannot
    /// change its topology (generated kernels have theirs compiled in) or cannot hold the new one; a change's arrays do
    /// not match its topology or index outside the old layer; or the layers' sizes would no longer chain from
    /// <see cref="InputCount"/> to <see cref="OutputCount"/>.</exception>
    public void Rewire(IReadOnlyList<LayerRewiring?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count != _layers.Length)
        {
            throw new ArgumentException($"Rewire needs one entry per layer ({_layers.Length}), null for a layer that stays; it was given {changes.Count}.", nameof(changes));
        }

        int inputs = InputCount;
        for (int l = 0; l < _layers.Length; l++)
        {
            SparseLayer layer = _layers[l];
            LayerRewiring? change = changes[l];
            Topology? topology = change?.Topology;
            if (change is not null)
            {
                CheckRewiring(layer, change);
            }

            int layerInputs = topology?.Inputs ?? layer.Inputs, units = topology?.Units ?? layer.Units;
            if (layerInputs != inputs)
            {
                throw new ArgumentException($"After rewiring, layer '{layer.Name}' would take {layerInputs} inputs, but {inputs} would arrive from before it.", nameof(changes));
            }

            inputs = units;
        }

        if (inputs != OutputCount)
        {
            throw new ArgumentException($"After rewiring the network would give {inputs} outputs instead of {OutputCount}; the output layer's units cannot change.", nameof(changes));
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            if (changes[l] is { } change)
            {
                _layers[l].Rewire(change);
            }
        }

        _maxUnits = Math.Max(InputCount, _layers.Max(l => l.Units));
        _trainingBatch = 0;
    }

    private static void CheckRewiring(SparseLayer layer, LayerRewiring change)
    {
        ArgumentNullException.ThrowIfNull(change.Topology);
        ArgumentNullException.ThrowIfNull(change.WeightSource);
        ArgumentNullException.ThrowIfNull(change.Weights);
        if (layer.Kernel is not IRewirableKernel)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs {layer.Kernel.GetType().Name}, whose topology is fixed (generated kernels compile it in); build the model as a GenericSparseModel to change topologies during training.");
        }

        Topology topology = change.Topology;
        if (layer.Kernel is DenseLayerKernel && topology.EdgeCount != (long)topology.Inputs * topology.Units)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs a dense kernel, which holds every edge, but its new {topology.Inputs} x {topology.Units} topology has {topology.EdgeCount}.");
        }

        Checks.Length($"{layer.Name}: {nameof(change.WeightSource)}", change.WeightSource.Length, topology.EdgeCount);
        Checks.Length($"{layer.Name}: {nameof(change.Weights)}", change.Weights.Length, topology.EdgeCount);
        foreach (int source in change.WeightSource)
        {
            if (source < -1 || source >= layer.EdgeCount)
            {
                throw new ArgumentException($"Layer '{layer.Name}': weight source {source} is neither -1 (a new edge) nor an index of its {layer.EdgeCount} weights.");
            }
        }

        if (change.UnitSource is null)
        {
            if (topology.Units != layer.Units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': the new topology has {topology.Units} units instead of {layer.Units}, so the change needs a UnitSource saying which units stay.");
            }

            return;
        }

        Checks.Length($"{layer.Name}: {nameof(change.UnitSource)}", change.UnitSource.Length, topology.Units);
        foreach (int source in change.UnitSource)
        {
            if ((uint)source >= (uint)layer.Units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': unit source {source} is not one of its {layer.Units} units.");
            }
        }
    }

    /// <summary>
    /// Draws every weight with <paramref name="initializer"/> from each layer's real sparse degrees (fan-in
    /// <c>E / nout</c>, fan-out <c>E / nin</c>; see <see cref="WeightInitializer"/>) and zeroes every bias.
    /// The same seed gives the same weights on every machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initializer"/> is not a defined value.</exception>
    public void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform)
    {
        if (!Enum.IsDefined(initializer))
        {
            throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown weight initializer.");
        }

        var rng = new Xoshiro256StarStar(seed);
        foreach (SparseLayer layer in _layers)
        {
            float[] w = layer.Weights.Values;
            if (layer.EdgeCount > 0)
            {
                WeightLaw law = WeightLaw.Of(initializer, (double)layer.EdgeCount / layer.Units, (double)layer.EdgeCount / layer.Inputs);
                for (int e = 0; e < w.Length; e++)
                {
                    w[e] = law.Draw(rng);
                }
            }

            Array.Clear(layer.Bias.Values);
        }
    }

    /// <summary>
    /// Threads that <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/>, <see cref="Forward"/> and
    /// <see cref="Backward"/> use for batches of more than <see cref="ChunkSize"/> samples (the calling thread
    /// included); 1 by default. Results are the same, bit for bit, for every value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _threads = value;
        }
    }

    /// <summary>Runs one sample: <paramref name="input"/> has <see cref="InputCount"/> values, <paramref name="output"/> receives <see cref="OutputCount"/>.</summary>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Predict(input, output, 1);

    /// <summary>
    /// Runs a batch without dropout: <paramref name="input"/> is <c>[InputCount, batchSize]</c> and
    /// <paramref name="output"/> receives <c>[OutputCount, batchSize]</c>, both feature-major. A batch of more than
    /// <see cref="ChunkSize"/> samples runs as chunks of that many, on up to <see cref="Threads"/> threads.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize) => PredictOn(input, output, batchSize, _threads);

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/> on <paramref name="threads"/> threads.</summary>
    internal unsafe void PredictOn(ReadOnlySpan<float> input, Span<float> output, int batchSize, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)InputCount * batchSize);
        Checks.Length(nameof(output), output.Length, (long)OutputCount * batchSize);
        if (batchSize <= ChunkSize)
        {
            PredictChunk(input, output, batchSize);
            return;
        }

        PredictJob job = t_predict ??= new PredictJob();
        fixed (float* x = input, y = output)
        {
            job.Network = this;
            job.Input = x;
            job.Output = y;
            job.Batch = batchSize;
            try
            {
                job.Scheduler.Run(job, ChunkCount(batchSize), threads);
            }
            finally
            {
                job.Network = null;
            }
        }
    }

    /// <summary>Samples per chunk of a batch-parallel pass. Chunks are fixed by the batch, not the thread count, so each sum runs in the same order on any number of threads.</summary>
    public const int ChunkSize = 32;

    private static int ChunkCount(int batch) => (batch + ChunkSize - 1) / ChunkSize;

    /// <summary>The layers, one after the other, on a feature-major batch of up to <see cref="ChunkSize"/> samples, with buffers from the shared pool.</summary>
    private void PredictChunk(ReadOnlySpan<float> input, Span<float> output, int batchSize)
    {
        int size = _maxUnits * batchSize;
        float[] ping = ArrayPool<float>.Shared.Rent(size);
        float[] pong = ArrayPool<float>.Shared.Rent(size);
        try
        {
            ReadOnlySpan<float> x = input;
            for (int l = 0; l < _layers.Length; l++)
            {
                SparseLayer layer = _layers[l];
                Span<float> z = (l % 2 == 0 ? ping : pong).AsSpan(0, layer.Units * batchSize);
                layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x, z, batchSize);
                Span<float> a = l == _layers.Length - 1 ? output : z;
                Activations.Forward(layer.Activation, z, a, layer.Units, batchSize);
                x = a;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ping);
            ArrayPool<float>.Shared.Return(pong);
        }
    }

    /// <summary>
    /// The training forward pass: runs <paramref name="input"/> (<c>[InputCount, batchSize]</c>) through every
    /// layer, applying inverted dropout drawn from <paramref name="dropout"/> when it is given, and keeps what
    /// <see cref="Backward"/> needs. Returns the last layer's activations, <c>[OutputCount, batchSize]</c>,
    /// valid until the next call. A batch of more than <see cref="ChunkSize"/> samples runs as chunks on up to
    /// <see cref="Threads"/> threads; the dropout masks are drawn for the whole batch first, in one order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/>'s length is not <c>InputCount * batchSize</c>.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batchSize, Xoshiro256StarStar? dropout) => ForwardOn(input, batchSize, dropout, _threads);

    /// <summary>As <see cref="Forward(ReadOnlySpan{float}, int, Xoshiro256StarStar?)"/> on <paramref name="threads"/> threads.</summary>
    internal ReadOnlySpan<float> ForwardOn(ReadOnlySpan<float> input, int batchSize, Xoshiro256StarStar? dropout, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)InputCount * batchSize);
        EnsureTrainingBuffers(batchSize);
        Scatter(input, batchSize, InputCount, c => c.Input);
        _dropout = dropout is not null;
        if (dropout is not null)
        {
            for (int l = 0; l < _layers.Length; l++)
            {
                if (_layers[l].Dropout > 0)
                {
                    DrawDropout(dropout, _layers[l], l);
                }
            }
        }

        _pass = Pass.Forward;
        _scheduler.Run(this, _chunks.Length, threads);
        if (_chunks.Length == 1)
        {
            return _chunks[0].Outputs[^1].Span;
        }

        Gather(_output, batchSize, OutputCount, c => c.Outputs[^1]);
        return _output;
    }

    /// <summary>
    /// The backward pass of the last <see cref="Forward"/>: from <paramref name="outputGradient"/>, the gradient of
    /// the loss with respect to the last layer's pre-activations <c>z</c> (<c>[OutputCount, batchSize]</c>), fills
    /// every <see cref="Parameter.Gradients"/>. Each chunk's gradients are summed in chunk order.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batchSize</c>.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, int batchSize) => BackwardOn(outputGradient, batchSize, _threads);

    /// <summary>As <see cref="Backward(ReadOnlySpan{float}, int)"/> on <paramref name="threads"/> threads.</summary>
    internal void BackwardOn(ReadOnlySpan<float> outputGradient, int batchSize, int threads)
    {
        if (batchSize != _trainingBatch)
        {
            throw new InvalidOperationException($"Backward needs a Forward with the same batch size first (last forward batch: {_trainingBatch}, this call: {batchSize}).");
        }

        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)OutputCount * batchSize);
        Scatter(outputGradient, batchSize, OutputCount, c => c.Gradients[^1]);
        _pass = Pass.Backward;
        _scheduler.Run(this, _chunks.Length, threads);
        IReadOnlyList<Parameter> parameters = Parameters;
        for (int c = 1; c < _chunks.Length; c++)
        {
            for (int p = 0; p < parameters.Count; p++)
            {
                VectorMath.Add(_chunks[c].ParameterGradients[p], parameters[p].Gradients);
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

    private void ForwardChunk(Chunk chunk)
    {
        ReadOnlySpan<float> x = chunk.Input.Span;
        for (int l = 0; l < _layers.Length; l++)
        {
            SparseLayer layer = _layers[l];
            Span<float> a = chunk.Activations[l].Span;
            layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x, a, chunk.Size);
            Activations.Forward(layer.Activation, a, a, layer.Units, chunk.Size);
            chunk.Outputs[l] = chunk.Activations[l];
            if (_dropout && layer.Dropout > 0)
            {
                VectorMath.Multiply(a, chunk.Masks[l].Span, chunk.Dropped[l].Span);
                chunk.Outputs[l] = chunk.Dropped[l];
            }

            x = chunk.Outputs[l].Span;
        }
    }

    private void BackwardChunk(Chunk chunk, int index)
    {
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            SparseLayer layer = _layers[l];
            ReadOnlySpan<float> x = (l == 0 ? chunk.Input : chunk.Outputs[l - 1]).Span;
            Span<float> dx = l == 0 ? Span<float>.Empty : chunk.Gradients[l - 1].Span;
            float[] dw = index == 0 ? layer.Weights.Gradients : chunk.ParameterGradients[2 * l];
            float[] db = index == 0 ? layer.Bias.Gradients : chunk.ParameterGradients[(2 * l) + 1];
            layer.Kernel.Backward(layer.Weights.Values, x, chunk.Gradients[l].Span, dw, db, dx, chunk.Size);
            if (l > 0)
            {
                SparseLayer previous = _layers[l - 1];
                if (!chunk.Outputs[l - 1].Equals(chunk.Activations[l - 1]))
                {
                    VectorMath.Multiply(dx, chunk.Masks[l - 1].Span, dx);
                }

                Activations.Backward(previous.Activation, chunk.Activations[l - 1].Span, dx, previous.Units, chunk.Size);
            }
        }
    }

    /// <summary>
    /// Inverted dropout (Srivastava et al. 2014): each output is zeroed with probability <c>rate</c> (to 1/65536: each
    /// 64-bit draw decides four outputs by its 16-bit quarters, in the order of the whole batch's
    /// <c>[units, batch]</c> layout), the rest scaled by <c>1 / (1 - rate)</c>; each chunk keeps its columns of the
    /// factors for the forward and backward passes.
    /// </summary>
    private void DrawDropout(Xoshiro256StarStar rng, SparseLayer layer, int l)
    {
        float keep = Dropout.KeepScale(layer.Dropout);
        uint threshold = (uint)Dropout.Threshold(layer.Dropout);
        Vector128<float> keeps = Vector128.Create(keep);
        Vector128<uint> thresholds = Vector128.Create(threshold);
        ulong bits = 0;
        int k = 0;
        for (int j = 0; j < layer.Units; j++)
        {
            foreach (Chunk chunk in _chunks)
            {
                Span<float> mask = chunk.Masks[l].Span.Slice(j * chunk.Size, chunk.Size);
                int b = 0;
                for (; b < mask.Length && (k & 3) != 0; b++, k++)
                {
                    mask[b] = (uint)((bits >> (16 * (k & 3))) & 0xFFFF) < threshold ? 0f : keep;
                }

                // Four outputs per draw, its quarters widened side by side.
                for (; b + 4 <= mask.Length; b += 4, k += 4)
                {
                    bits = rng.NextUInt64();
                    Vector128<uint> quarters = Vector128.WidenLower(Vector128.CreateScalarUnsafe(bits).AsUInt16());
                    Vector128.ConditionalSelect(Vector128.LessThan(quarters, thresholds).AsSingle(), Vector128<float>.Zero, keeps).CopyTo(mask.Slice(b, 4));
                }

                for (; b < mask.Length; b++, k++)
                {
                    if ((k & 3) == 0)
                    {
                        bits = rng.NextUInt64();
                    }

                    mask[b] = (uint)((bits >> (16 * (k & 3))) & 0xFFFF) < threshold ? 0f : keep;
                }
            }
        }
    }

    /// <summary>Copies each chunk's columns of a feature-major <c>[rows, batch]</c> source into its own <c>[rows, size]</c> buffer.</summary>
    private void Scatter(ReadOnlySpan<float> source, int batch, int rows, Func<Chunk, Memory<float>> target)
    {
        foreach (Chunk chunk in _chunks)
        {
            Span<float> buffer = target(chunk).Span;
            for (int r = 0; r < rows; r++)
            {
                source.Slice((r * batch) + chunk.Start, chunk.Size).CopyTo(buffer.Slice(r * chunk.Size, chunk.Size));
            }
        }
    }

    /// <summary>The inverse of <see cref="Scatter"/>.</summary>
    private void Gather(Span<float> destination, int batch, int rows, Func<Chunk, Memory<float>> source)
    {
        foreach (Chunk chunk in _chunks)
        {
            ReadOnlySpan<float> buffer = source(chunk).Span;
            for (int r = 0; r < rows; r++)
            {
                buffer.Slice(r * chunk.Size, chunk.Size).CopyTo(destination.Slice((r * batch) + chunk.Start, chunk.Size));
            }
        }
    }

    private void EnsureTrainingBuffers(int batchSize)
    {
        if (batchSize == _trainingBatch)
        {
            return;
        }

        _chunks = new Chunk[ChunkCount(batchSize)];
        for (int c = 0; c < _chunks.Length; c++)
        {
            int start = c * ChunkSize, size = Math.Min(ChunkSize, batchSize - start);
            _chunks[c] = new Chunk
            {
                Start = start,
                Size = size,
                Input = AlignedBuffer.Allocate(InputCount * size),
                Activations = _layers.Select(l => AlignedBuffer.Allocate(l.Units * size)).ToArray(),
                Outputs = new Memory<float>[_layers.Length],
                Masks = _layers.Select(l => l.Dropout > 0 ? AlignedBuffer.Allocate(l.Units * size) : Memory<float>.Empty).ToArray(),
                Dropped = _layers.Select(l => l.Dropout > 0 ? AlignedBuffer.Allocate(l.Units * size) : Memory<float>.Empty).ToArray(),
                Gradients = _layers.Select(l => AlignedBuffer.Allocate(l.Units * size)).ToArray(),
                ParameterGradients = c == 0 ? [] : Parameters.Select(p => new float[p.Length]).ToArray(),
            };
        }

        _output = new float[OutputCount * batchSize];
        _trainingBatch = batchSize;
    }

    private enum Pass
    {
        Forward,
        Backward,
    }

    /// <summary>The buffers of one chunk of a training batch: samples <c>Start</c> .. <c>Start + Size - 1</c>.</summary>
    private sealed class Chunk
    {
        public int Start;
        public int Size;
        public Memory<float> Input;
        public Memory<float>[] Activations = [];
        public Memory<float>[] Outputs = [];
        public Memory<float>[] Masks = [];
        public Memory<float>[] Dropped = [];
        public Memory<float>[] Gradients = [];

        /// <summary>This chunk's share of each parameter's gradient (chunk 0 writes the parameters' own arrays).</summary>
        public float[][] ParameterGradients = [];
    }

    /// <summary>A batched <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/> in flight: each chunk copies its columns in and out around <see cref="PredictChunk"/>.</summary>
    private sealed unsafe class PredictJob : IChunkJob
    {
        public readonly ChunkScheduler Scheduler = new();
        public SparseNetwork? Network;
        public float* Input;
        public float* Output;
        public int Batch;

        public void RunChunk(int chunk)
        {
            SparseNetwork network = Network!;
            int start = chunk * ChunkSize, size = Math.Min(ChunkSize, Batch - start);
            float[] x = ArrayPool<float>.Shared.Rent(network.InputCount * size);
            float[] y = ArrayPool<float>.Shared.Rent(network.OutputCount * size);
            try
            {
                var input = new ReadOnlySpan<float>(Input, network.InputCount * Batch);
                for (int r = 0; r < network.InputCount; r++)
                {
                    input.Slice((r * Batch) + start, size).CopyTo(x.AsSpan(r * size, size));
                }

                network.PredictChunk(x.AsSpan(0, network.InputCount * size), y.AsSpan(0, network.OutputCount * size), size);
                var output = new Span<float>(Output, network.OutputCount * Batch);
                for (int r = 0; r < network.OutputCount; r++)
                {
                    y.AsSpan(r * size, size).CopyTo(output.Slice((r * Batch) + start, size));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(x);
                ArrayPool<float>.Shared.Return(y);
            }
        }
    }
}
