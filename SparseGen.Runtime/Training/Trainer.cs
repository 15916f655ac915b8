using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// Mini-batch training of an <see cref="ISparseModel"/>: each epoch shuffles the training set with a seeded
/// <see cref="Xoshiro256StarStar"/>, runs forward, loss and backward on each batch, and lets the optimizer step.
/// A run is reproducible for a given <see cref="Seed"/>, model initialisation and data.
/// </summary>
public sealed class Trainer
{
    private readonly ISparseModel _model;
    private readonly Optimizer _optimizer;
    private readonly Loss _loss;
    private const int EvaluationBatch = 256;
    private readonly double _weightDecay;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The loss cannot follow the model's last layer (for example cross-entropy without softmax).</exception>
    public Trainer(ISparseModel model, Optimizer optimizer, Loss loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        ISparseLayer last = model.Layers[^1];
        loss.Validate(last.Activation, last.Dropout);
        _model = model;
        _optimizer = optimizer;
        _loss = loss;
    }

    /// <summary>Seed of the shuffling and dropout draws; 0 by default.</summary>
    public ulong Seed { get; init; }

    /// <summary>L2 weight decay <c>lambda</c>: <c>lambda * w</c> is added to every weight's gradient (not to biases) before each step, as PyTorch's <c>weight_decay</c>; 0 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double WeightDecay
    {
        get => _weightDecay;
        init => _weightDecay = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Weight decay must be a finite number of at least 0.");
    }

    /// <summary>
    /// Where each training step runs: <see cref="CpuBackend"/> by default, or an accelerator
    /// (<c>SparseGen.Backends.Device.Accelerator</c>). On a device, parameters and optimizer state stay in device
    /// memory during an epoch and only batches, outputs and output gradients travel; each epoch ends by copying
    /// parameters and optimizer state back to the model (so validation, callbacks and checkpoints see them) and
    /// callbacks' changes are copied back up. Dropout masks on a device come from its hash of a per-batch key drawn
    /// from <see cref="Seed"/>'s stream, so a device run is reproducible but not bit-identical to a CPU run.
    /// </summary>
    public IBackend Backend { get; init; } = new CpuBackend();

    /// <summary>The learning rate of each epoch, from the optimizer's rate when <see cref="Fit"/> starts; null keeps it constant.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>
    /// Adaptive sparse connectivity (SET, NPSET): when set, the model's topology evolves before every epoch that follows
    /// an epoch this evolution trained, on whatever <see cref="Backend"/> trains; null (the default) keeps it fixed.
    /// </summary>
    public SparseEvolution? Evolution { get; init; }

    /// <summary>
    /// What <see cref="Fit"/> shows on <see cref="Console.Out"/>: <see cref="Verbosity.Auto"/> (the default) draws a
    /// progress bar per epoch when standard output is a terminal and shows nothing when it is redirected;
    /// <see cref="Verbosity.EpochLines"/> writes one line per epoch, <see cref="Verbosity.Silent"/> nothing. When the
    /// callbacks given to <see cref="Fit"/> already hold a <see cref="ConsoleProgress"/>, this setting adds none.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined <see cref="SparseGen.Verbosity"/>.</exception>
    public Verbosity Verbosity
    {
        get => _verbosity;
        init => _verbosity = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a Verbosity value.");
    }

    private readonly Verbosity _verbosity;

    /// <summary>
    /// Trains for up to <paramref name="epochs"/> epochs (a callback such as <see cref="EarlyStopping"/> may stop
    /// sooner). The last batch of an epoch may be smaller than <paramref name="batchSize"/>.
    /// </summary>
    /// <returns>One result per completed epoch; its <see cref="History.ToString"/> is a table of them.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> or <paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A data set's feature or class count does not match the model; the message names both.</exception>
    /// <exception cref="TrainingDivergedException">A loss or weight became NaN or infinite; the model keeps the last finite weights.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked between batches); the model keeps the weights of the last finished batch.</exception>
    /// <exception cref="NotSupportedException">The <see cref="Backend"/> has no form of the optimizer's update.</exception>
    /// <exception cref="InvalidOperationException">An <see cref="Evolution"/> is set but a layer's kernel has its topology compiled in, or an
    /// <see cref="EarlyStopping"/> would restore weights of a topology that has since evolved.</exception>
    /// <remarks>A device backend also throws its own exceptions when a device call fails or a kernel does not build.</remarks>
    public History Fit(Dataset train, int epochs, int batchSize, Dataset? validation = null,
        IEnumerable<TrainingCallback>? callbacks = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckShape(train, nameof(train));
        if (validation is not null)
        {
            CheckShape(validation, nameof(validation));
        }

        TrainingCallback[] hooks = callbacks?.ToArray() ?? [];
        if (ConsoleProgress.Resolve(_verbosity, Console.IsOutputRedirected) != Verbosity.Silent && !hooks.OfType<ConsoleProgress>().Any())
        {
            hooks = [.. hooks, new ConsoleProgress(_verbosity)];
        }

        SparseNetwork network = _model.Network;
        if (Evolution is not null)
        {
            Evolution.Check(network);
            if (hooks.OfType<EarlyStopping>().Any(h => h.RestoreBestWeights))
            {
                throw new InvalidOperationException("EarlyStopping would restore the weights of an earlier topology after the evolution changed it; create it with restoreBestWeights: false.");
            }
        }

        Activation outputActivation = _model.Layers[^1].Activation;
        var rng = new Xoshiro256StarStar(Seed);
        var order = new int[train.Count];
        for (int s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }

        int maxBatch = Math.Min(batchSize, train.Count);
        int batches = (train.Count + batchSize - 1) / batchSize;
        var x = new float[train.FeatureCount * maxBatch];
        var t = new float[train.ClassCount * maxBatch];
        var dz = new float[train.ClassCount * maxBatch];
        using ITrainingBackend backend = Backend.Open(network);
        bool hostReads = hooks.Any(h => h.ReadsParameters);
        double initialRate = _optimizer.LearningRate;
        var history = new List<EpochResult>(epochs);
        foreach (TrainingCallback hook in hooks)
        {
            hook.OnTrainBegin(new TrainingStart(network, epochs, batches, train.Count, validation is not null));
        }

        var control = new TrainingControl();
        for (int epoch = 1; epoch <= epochs && !control.StopRequested; epoch++)
        {
            if (Schedule is not null)
            {
                _optimizer.LearningRate = Schedule.Rate(epoch - 1, initialRate);
            }

            if (Evolution is { EpochsTrained: > 0 })
            {
                Evolution.Evolve(network, _optimizer.State, backend);
            }

            var clock = Stopwatch.StartNew();
            rng.Shuffle(order);
            double lossSum = 0;
            int correct = 0;
            try
            {
                for (int start = 0, batchIndex = 1; start < order.Length; start += batchSize, batchIndex++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int batch = Math.Min(batchSize, order.Length - start);
                    Span<float> xb = x.AsSpan(0, train.FeatureCount * batch);
                    Span<float> tb = t.AsSpan(0, train.ClassCount * batch);
                    Span<float> dzb = dz.AsSpan(0, train.ClassCount * batch);
                    train.CopyBatch(order.AsSpan(start, batch), xb, tb);
                    ReadOnlySpan<float> y = backend.Forward(xb, batch, rng);
                    double loss = _loss.Compute(y, tb, batch, outputActivation, dzb);
                    if (!double.IsFinite(loss))
                    {
                        throw new TrainingDivergedException(epoch, batchIndex, $"the loss is {loss}");
                    }

                    lossSum += loss * batch;
                    correct += CountCorrect(y, tb, train.ClassCount, batch);
                    backend.Backward(dzb, batch);
                    if (!backend.Step(_optimizer.NextUpdate(), _optimizer.State, _weightDecay, out string nonFinite))
                    {
                        throw new TrainingDivergedException(epoch, batchIndex, $"the update made {nonFinite} non-finite");
                    }

                    if (hooks.Length > 0)
                    {
                        var done = new BatchResult(epoch, batchIndex, batches, loss, start + batch, clock.Elapsed);
                        foreach (TrainingCallback hook in hooks)
                        {
                            hook.OnBatchEnd(done);
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or TrainingDivergedException)
            {
                backend.DownloadParameters();
                throw;
            }

            Evolution?.EpochTrained();
            double seconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            Evaluation? check = validation is null ? null : Evaluate(validation, EvaluationBatch, backend.Predict);
            var result = new EpochResult(epoch, lossSum / train.Count, (double)correct / train.Count, check?.Loss, check?.Accuracy, seconds)
            {
                ValidationSeconds = validation is null ? 0 : clock.Elapsed.TotalSeconds,
            };
            history.Add(result);
            if (hostReads)
            {
                backend.DownloadParameters();
            }

            foreach (TrainingCallback hook in hooks)
            {
                hook.OnEpochEnd(result, control);
            }

            if (hostReads)
            {
                backend.UploadParameters();
            }
        }

        backend.DownloadParameters();
        foreach (TrainingCallback hook in hooks)
        {
            hook.OnTrainEnd(history);
        }

        return new History(history);
    }

    /// <summary>Mean loss and accuracy of the model on <paramref name="data"/>, without dropout, on the host.</summary>
    /// <exception cref="ArgumentException">The data set's feature or class count does not match the model.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public Evaluation Evaluate(Dataset data, int batchSize = EvaluationBatch)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckShape(data, nameof(data));
        return Evaluate(data, batchSize, _model.Predict);
    }

    private Evaluation Evaluate(Dataset data, int batchSize, PredictBatch predict)
    {
        int maxBatch = Math.Min(batchSize, data.Count);
        var indices = new int[maxBatch];
        var x = new float[data.FeatureCount * maxBatch];
        var t = new float[data.ClassCount * maxBatch];
        var y = new float[data.ClassCount * maxBatch];
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int batch = Math.Min(batchSize, data.Count - start);
            for (int b = 0; b < batch; b++)
            {
                indices[b] = start + b;
            }

            Span<float> tb = t.AsSpan(0, data.ClassCount * batch);
            Span<float> yb = y.AsSpan(0, data.ClassCount * batch);
            data.CopyBatch(indices.AsSpan(0, batch), x.AsSpan(0, data.FeatureCount * batch), tb);
            predict(x.AsSpan(0, data.FeatureCount * batch), yb, batch);
            lossSum += _loss.Sum(yb, tb, batch);
            correct += CountCorrect(yb, tb, data.ClassCount, batch);
        }

        return new Evaluation(lossSum / data.Count, (double)correct / data.Count);
    }

    private delegate void PredictBatch(ReadOnlySpan<float> input, Span<float> output, int batch);

    private static int CountCorrect(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int classes, int batch)
    {
        int correct = 0;
        for (int b = 0; b < batch; b++)
        {
            int best = 0;
            for (int j = 1; j < classes; j++)
            {
                if (outputs[(j * batch) + b] > outputs[(best * batch) + b])
                {
                    best = j;
                }
            }

            if (targets[(best * batch) + b] == 1f)
            {
                correct++;
            }
        }

        return correct;
    }

    private void CheckShape(Dataset data, string name)
    {
        if (data.FeatureCount != _model.InputCount || data.ClassCount != _model.OutputCount)
        {
            throw new ArgumentException(
                $"The data set has {data.FeatureCount} features and {data.ClassCount} classes, but the model takes {_model.InputCount} inputs and gives {_model.OutputCount} outputs.", name);
        }
    }
}
