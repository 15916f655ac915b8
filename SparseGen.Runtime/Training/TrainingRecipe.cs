using System;
using System.Collections.Generic;
using System.Threading;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;

namespace SparseGen;

/// <summary>
/// How SparseGen's programs train a classifier (the MNIST and SET examples, <c>sparsegen train</c> and every sweep
/// point), written once: a <see cref="Trainer"/> set up from these settings trains a model for <see cref="Epochs"/>
/// epochs on <see cref="TrainingData.Train"/> and evaluates it on <see cref="TrainingData.Test"/> after every epoch.
/// What a run gives back, a <see cref="TrainingRun"/>, holds the trained model, its optimizer, the history, the
/// numbers the programs report and the metadata a checkpoint of it carries.
/// </summary>
/// <example>
/// <code>
/// var data = TrainingData.LoadIdx("data/mnist", standardize: true);
/// var model = new GenericSparseModel(data.Train.FeatureCount, layers);
/// TrainingRun run = new TrainingRecipe(epochs: 10, batchSize: 32) { Seed = 1 }.Run(model, new Nadam(1e-3), data);
/// Checkpoint.Save(run.Model, "model.safetensors", run.Optimizer, run.CheckpointMetadata());
/// </code>
/// </example>
public sealed class TrainingRecipe
{
    private readonly int _threads = Environment.ProcessorCount;

    /// <summary>A recipe of <paramref name="epochs"/> epochs of mini-batches of <paramref name="batchSize"/> samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> or <paramref name="batchSize"/> is below 1.</exception>
    public TrainingRecipe(int epochs, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Epochs = epochs;
        BatchSize = batchSize;
    }

    /// <summary>Epochs to train (a callback such as <see cref="EarlyStopping"/> may stop sooner).</summary>
    public int Epochs { get; }

    /// <summary>Samples per mini-batch; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; }

    /// <summary>Seed of the shuffling and dropout draws (<see cref="Trainer.Seed"/>); 0 by default.</summary>
    public ulong Seed { get; init; }

    /// <summary>The loss; categorical cross-entropy (after a softmax output layer) by default.</summary>
    public Loss Loss { get; init; } = Loss.CategoricalCrossEntropy;

    /// <summary>L2 weight decay added to every weight's gradient (<see cref="Trainer.WeightDecay"/>); 0 by default.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Where training runs: an accelerator, or any other <see cref="IBackend"/>; null (the default) trains on the CPU
    /// with <see cref="Threads"/> threads.
    /// </summary>
    public IBackend? Backend { get; init; }

    /// <summary>
    /// Threads of the CPU training when <see cref="Backend"/> is null (<see cref="CpuBackend.Threads"/>):
    /// <see cref="Environment.ProcessorCount"/> by default; results do not depend on it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Threads
    {
        get => _threads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _threads = value;
        }
    }

    /// <summary>What training shows on the console besides the callbacks (<see cref="Trainer.Verbosity"/>); <see cref="Verbosity.Auto"/> by default.</summary>
    public Verbosity Verbosity { get; init; } = Verbosity.Auto;

    /// <summary>Trains <paramref name="model"/> with <paramref name="optimizer"/> on <paramref name="data"/>, evaluating on its test split after every epoch.</summary>
    /// <param name="model">The model, initialised; it is trained in place.</param>
    /// <param name="optimizer">The optimizer; its state is the run's (save it with the checkpoint to resume).</param>
    /// <param name="data">The training and test splits.</param>
    /// <param name="callbacks">Called during training (progress display, snapshots); may be null.</param>
    /// <param name="evolution">Adaptive sparse connectivity (SET, NPSET) between epochs (<see cref="Trainer.Evolution"/>); null keeps the topology.</param>
    /// <param name="cancellationToken">Stops training after the current batch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="optimizer"/> or <paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data do not fit the model, or the loss cannot follow its last layer.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a weight became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>The exceptions of <see cref="Trainer.Fit"/> otherwise, a device backend's own among them.</remarks>
    public TrainingRun Run(ISparseModel model, Optimizer optimizer, TrainingData data, IEnumerable<TrainingCallback>? callbacks = null,
        SparseEvolution? evolution = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        var trainer = new Trainer(model, optimizer, Loss)
        {
            Seed = Seed,
            WeightDecay = WeightDecay,
            Backend = Backend ?? new CpuBackend { Threads = _threads },
            Evolution = evolution,
            Verbosity = Verbosity,
        };
        History history = trainer.Fit(data.Train, Epochs, BatchSize, validation: data.Test, callbacks: callbacks, cancellationToken: cancellationToken);
        return new TrainingRun(model, optimizer, data, history);
    }
}
