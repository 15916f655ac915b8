using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Core;
using SparseGen.Core.Random;

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
public sealed class SparseNetwork
{
    private readonly SparseLayer[] _layers;
    private readonly TrainingPass _training;
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
        Widest = Math.Max(inputs, _layers.Max(l => l.Units));
        InputCount = inputs;
        Parameters = _layers.SelectMany(l => new[] { l.Weights, l.Bias }).ToArray();
        _training = new TrainingPass(_layers, Parameters);
    }

    /// <summary>Samples per chunk of a batch-parallel pass. Chunks are fixed by the batch, not the thread count, so each sum runs in the same order on any number of threads.</summary>
    public const int ChunkSize = 32;

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
    /// Threads that <see cref="Predict(ReadOnlySpan{float}, Span{float}, int)"/>, <see cref="Forward"/> and
    /// <see cref="Backward"/> use for batches of more than <see cref="ChunkSize"/> samples, and <see cref="Rewire"/> for
    /// a large layer's tables (the calling thread included); 1 by default. Results are the same, bit for bit, for every value.
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

    /// <summary>The widest vector a pass holds: the input count or the most units of any layer.</summary>
    internal int Widest { get; private set; }

    /// <summary>
    /// Changes the topologies of layers during training (adaptive sparse connectivity): <paramref name="changes"/>
    /// holds one entry per layer, null for a layer that stays as it is. Each changed layer's kernel rebuilds its tables
    /// in place, its weights become <see cref="LayerRewiring.Weights"/> and its biases follow
    /// <see cref="LayerRewiring.UnitSource"/>; the layer is then <see cref="SparseLayer.TopologyLearned"/>. Everything is
    /// checked before anything changes. Optimizer state is the caller's to move (<c>OptimizerState.Remap</c>), and a
    /// training backend must be told (<c>ITrainingBackend.UploadTopology</c>). A large layer's tables are built on up to
    /// <see cref="Threads"/> threads, the same for every value. Must not run during a pass.
    /// </summary>
    /// <exception cref="ArgumentException">The list does not have one entry per layer; a changed layer's kernel cannot
    /// change its topology (generated kernels have theirs compiled in) or cannot hold the new one; a change's arrays do
    /// not match its topology or index outside the old layer; or the layers' sizes would no longer chain from
    /// <see cref="InputCount"/> to <see cref="OutputCount"/>.</exception>
    public void Rewire(IReadOnlyList<LayerRewiring?> changes) => RewireOn(changes, _threads);

    /// <summary>As <see cref="Rewire"/> on <paramref name="threads"/> threads.</summary>
    internal void RewireOn(IReadOnlyList<LayerRewiring?> changes, int threads)
    {
        RewiringChecks.Check(_layers, InputCount, changes);
        for (int l = 0; l < _layers.Length; l++)
        {
            if (changes[l] is { } change)
            {
                _layers[l].Rewire(change, ParallelBlocks.Threads(change.Topology.EdgeCount, threads));
            }
        }

        Widest = Math.Max(InputCount, _layers.Max(l => l.Units));
        _training.Invalidate();
    }

    /// <summary>
    /// Draws every weight with <paramref name="initializer"/> from each layer's real sparse degrees (fan-in
    /// <c>E / nout</c>, fan-out <c>E / nin</c>; see <see cref="WeightInitializer"/>) and zeroes every bias.
    /// The same seed gives the same weights on every machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initializer"/> is not a defined value.</exception>
    public void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform) =>
        WeightInitialization.Run(_layers, seed, initializer);

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
    internal void PredictOn(ReadOnlySpan<float> input, Span<float> output, int batchSize, int threads) =>
        PredictPass.Run(_layers, Widest, input, output, batchSize, threads);

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
    internal ReadOnlySpan<float> ForwardOn(ReadOnlySpan<float> input, int batchSize, Xoshiro256StarStar? dropout, int threads) =>
        _training.Forward(input, batchSize, dropout, threads);

    /// <summary>
    /// The backward pass of the last <see cref="Forward"/>: from <paramref name="outputGradient"/>, the gradient of
    /// the loss with respect to the last layer's pre-activations <c>z</c> (<c>[OutputCount, batchSize]</c>), fills
    /// every <see cref="Parameter.Gradients"/>. Each chunk's gradients are summed in chunk order.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batchSize</c>.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, int batchSize) => BackwardOn(outputGradient, batchSize, _threads);

    /// <summary>As <see cref="Backward(ReadOnlySpan{float}, int)"/> on <paramref name="threads"/> threads.</summary>
    internal void BackwardOn(ReadOnlySpan<float> outputGradient, int batchSize, int threads) =>
        _training.Backward(outputGradient, batchSize, threads);

    /// <summary>The number of chunks of <see cref="ChunkSize"/> samples (the last one possibly short) a batch is cut into.</summary>
    internal static int ChunkCount(int batch) => (batch + ChunkSize - 1) / ChunkSize;
}
