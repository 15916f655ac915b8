using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

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

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs. The last batch of an epoch may be smaller than
    /// <paramref name="batchSize"/>. Reports each epoch to <paramref name="progress"/> as it ends.
    /// </summary>
    /// <returns>One result per completed epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> or <paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A data set's feature or class count does not match the model; the message names both.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked between batches).</exception>
    public IReadOnlyList<EpochResult> Fit(Dataset train, int epochs, int batchSize, Dataset? validation = null,
        IProgress<EpochResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckShape(train, nameof(train));
        if (validation is not null)
        {
            CheckShape(validation, nameof(validation));
        }

        SparseNetwork network = _model.Network;
        var rng = new Xoshiro256StarStar(Seed);
        var order = new int[train.Count];
        for (int s = 0; s < order.Length; s++)
        {
            order[s] = s;
        }

        int maxBatch = Math.Min(batchSize, train.Count);
        var x = new float[train.FeatureCount * maxBatch];
        var t = new float[train.ClassCount * maxBatch];
        var dz = new float[train.ClassCount * maxBatch];
        var history = new List<EpochResult>(epochs);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            rng.Shuffle(order);
            double lossSum = 0;
            int correct = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int batch = Math.Min(batchSize, order.Length - start);
                Span<float> xb = x.AsSpan(0, train.FeatureCount * batch);
                Span<float> tb = t.AsSpan(0, train.ClassCount * batch);
                Span<float> dzb = dz.AsSpan(0, train.ClassCount * batch);
                train.CopyBatch(order.AsSpan(start, batch), xb, tb);
                ReadOnlySpan<float> y = network.Forward(xb, batch, rng);
                lossSum += _loss.Compute(y, tb, batch, dzb) * batch;
                correct += CountCorrect(y, tb, train.ClassCount, batch);
                network.Backward(dzb, batch);
                _optimizer.Step(network.Parameters);
            }

            double seconds = clock.Elapsed.TotalSeconds;
            Evaluation? check = validation is null ? null : Evaluate(validation);
            var result = new EpochResult(epoch, lossSum / train.Count, (double)correct / train.Count, check?.Loss, check?.Accuracy, seconds);
            history.Add(result);
            progress?.Report(result);
        }

        return history;
    }

    /// <summary>Mean loss and accuracy of the model on <paramref name="data"/>, without dropout.</summary>
    /// <exception cref="ArgumentException">The data set's feature or class count does not match the model.</exception>
    public Evaluation Evaluate(Dataset data, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckShape(data, nameof(data));
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
            _model.Predict(x.AsSpan(0, data.FeatureCount * batch), yb, batch);
            lossSum += _loss.Sum(yb, tb, batch);
            correct += CountCorrect(yb, tb, data.ClassCount, batch);
        }

        return new Evaluation(lossSum / data.Count, (double)correct / data.Count);
    }

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
