using SparseGen;
using SparseGen.Tests.Numerics;
using SparseGen.Core.Random;

namespace SparseGen.Tests.Training;

public class TrainerFeatureTests
{
    private static Dataset Blobs(int count, ulong seed, float shift = 1.5f)
    {
        var rng = new Xoshiro256StarStar(seed);
        var features = new float[count * 4];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % 2;
            for (int f = 0; f < 4; f++)
            {
                features[(s * 4) + f] = rng.NextSingle() - 0.5f + (labels[s] == f % 2 ? shift : 0);
            }
        }

        return new Dataset(features, 4, labels, 2);
    }

    private static GenericSparseModel Model(ulong seed = 1) => new(4,
    [
        new LayerSpec("Hidden", ConnectivityPattern.Uniform, 6, 0.5, 1, Activation.Tanh),
        new LayerSpec("Output", ConnectivityPattern.Dense, 2, 1.0, 0, Activation.Softmax),
    ], seed);

    [Fact]
    public void Weight_decay_adds_lambda_w_to_the_weight_gradients_only()
    {
        var plain = Model();
        var decayed = Model();
        var data = Blobs(8, 1);
        new Trainer(plain, new Sgd(0.1), Loss.CategoricalCrossEntropy).Fit(data, 1, 8);
        new Trainer(decayed, new Sgd(0.1), Loss.CategoricalCrossEntropy) { WeightDecay = 0.5 }.Fit(data, 1, 8);
        var initial = Model();

        // One full-batch step: w' = w - lr (g + lambda w), so w'_decayed - w'_plain = -lr lambda w.
        for (int l = 0; l < 2; l++)
        {
            float[] w0 = initial.Layers[l].Weights.Values, a = plain.Layers[l].Weights.Values, b = decayed.Layers[l].Weights.Values;
            Assert.All(Enumerable.Range(0, w0.Length), k => Reference.Close(-0.1 * 0.5 * w0[k], b[k] - a[k], 1e-4, 1e-6));
            Assert.Equal(plain.Layers[l].Bias.Values, decayed.Layers[l].Bias.Values);
        }
    }

    [Fact]
    public void Early_stopping_stops_after_patience_and_restores_the_best_weights()
    {
        var model = Model();
        var train = Blobs(64, 2);
        var validation = Blobs(64, 3, shift: -1.5f); // labels contradict training: validation loss rises
        var stopping = new EarlyStopping(TrainingMetric.ValidationLoss, patience: 2);
        float[][]? bestWeights = null;
        var recorder = new Recorder(e => { if (e.Epoch == stopping.BestEpoch) bestWeights = model.Network.Parameters.Select(p => (float[])p.Values.Clone()).ToArray(); });

        var history = new Trainer(model, new Adam(0.05), Loss.CategoricalCrossEntropy).Fit(train, 50, 16, validation, [stopping, recorder]);

        Assert.Equal(stopping.BestEpoch + 2, history.Count);
        Assert.Equal(history.Min(h => h.ValidationLoss), history[stopping.BestEpoch - 1].ValidationLoss);
        Assert.NotNull(bestWeights);
        Assert.Equal(bestWeights, model.Network.Parameters.Select(p => p.Values));
    }

    [Fact]
    public void Early_stopping_on_a_validation_metric_needs_a_validation_set()
    {
        var trainer = new Trainer(Model(), new Adam(), Loss.CategoricalCrossEntropy);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Blobs(8, 1), 2, 4, callbacks: [new EarlyStopping()]));
        Assert.Contains("no validation set", e.Message);
    }

    [Fact]
    public void A_NaN_in_the_data_stops_training_with_epoch_and_batch_and_keeps_the_last_good_weights()
    {
        var data = Blobs(16, 4);
        float[] features = Enumerable.Range(0, 16).SelectMany(s => data.Features(s).ToArray()).ToArray();
        features[(9 * 4) + 2] = float.NaN;
        var poisoned = new Dataset(features, 4, Enumerable.Range(0, 16).Select(data.Label).ToArray(), 2);
        var model = Model();
        var seen = new List<float[][]>();
        var recorder = new Recorder(onBatch: () => seen.Add(model.Network.Parameters.Select(p => (float[])p.Values.Clone()).ToArray()));

        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(model, new Sgd(0.1), Loss.CategoricalCrossEntropy) { Seed = 5 }.Fit(poisoned, 3, 4, callbacks: [recorder]));

        Assert.Equal(1, e.Epoch);
        Assert.InRange(e.Batch, 1, 4);
        Assert.Contains($"epoch 1, batch {e.Batch}", e.Message);
        Assert.Equal(e.Batch - 1, seen.Count);
        float[][] expected = seen.Count > 0 ? seen[^1] : Model().Network.Parameters.Select(p => p.Values).ToArray();
        Assert.Equal(expected, model.Network.Parameters.Select(p => p.Values));
        Assert.All(model.Network.Parameters, p => Assert.All(p.Values, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void An_update_that_overflows_the_weights_is_undone()
    {
        var model = Model();
        var before = model.Network.Parameters.Select(p => (float[])p.Values.Clone()).ToArray();

        var e = Assert.Throws<TrainingDivergedException>(() =>
            new Trainer(model, new Sgd(1e39), Loss.CategoricalCrossEntropy).Fit(Blobs(8, 1), 1, 8)); // 1e39 overflows float: w - lr g is infinite

        Assert.Contains("non-finite", e.Message);
        Assert.Equal(before, model.Network.Parameters.Select(p => p.Values));
    }

    [Fact]
    public void Callbacks_see_every_batch_and_epoch_in_order_and_cancellation_stops_between_batches()
    {
        var recorder = new Recorder();
        new Trainer(Model(), new Adam(), Loss.CategoricalCrossEntropy).Fit(Blobs(10, 1), 2, 4, callbacks: [recorder]);

        Assert.Equal(["begin", "batch", "batch", "batch", "epoch 1", "batch", "batch", "batch", "epoch 2", "end"], recorder.Log);

        using var cancel = new CancellationTokenSource();
        var cancelling = new Recorder(onBatch: cancel.Cancel);
        Assert.Throws<OperationCanceledException>(() =>
            new Trainer(Model(), new Adam(), Loss.CategoricalCrossEntropy).Fit(Blobs(10, 1), 2, 4, callbacks: [cancelling], cancellationToken: cancel.Token));
        Assert.Equal(1, cancelling.Batches);
    }

    [Theory]
    [InlineData(WeightInitializer.GlorotUniform)]
    [InlineData(WeightInitializer.GlorotNormal)]
    [InlineData(WeightInitializer.HeNormal)]
    [InlineData(WeightInitializer.HeUniform)]
    public void Initializers_have_the_variance_of_their_formula_from_the_sparse_degrees(WeightInitializer initializer)
    {
        var model = new MnistSmall();
        model.Initialize(9, initializer);
        ISparseLayer hidden = model.Hidden;
        double fanIn = hidden.EdgeCount / 64.0, fanOut = hidden.EdgeCount / 784.0;
        double expected = initializer is WeightInitializer.GlorotUniform or WeightInitializer.GlorotNormal ? 2 / (fanIn + fanOut) : 2 / fanIn;
        double variance = hidden.Weights.Values.Select(v => (double)v * v).Average();

        Assert.InRange(variance / expected, 0.93, 1.07);
        Assert.InRange(hidden.Weights.Values.Average(v => (double)v), -0.02, 0.02);
    }

    private sealed class Recorder(Action<EpochResult>? onEpoch = null, Action? onBatch = null) : TrainingCallback
    {
        public List<string> Log { get; } = [];

        public int Batches { get; private set; }

        public override void OnTrainBegin(TrainingStart start) => Log.Add("begin");

        public override void OnBatchEnd(BatchResult batch)
        {
            Batches++;
            Log.Add("batch");
            onBatch?.Invoke();
        }

        public override void OnEpochEnd(EpochResult epoch, TrainingControl control)
        {
            Log.Add($"epoch {epoch.Epoch}");
            onEpoch?.Invoke(epoch);
        }

        public override void OnTrainEnd(IReadOnlyList<EpochResult> history) => Log.Add("end");
    }
}
