using SparseGen;
using SparseGen.Backends.Cpu;

namespace SparseGen.Tests.Training;

/// <summary>
/// The training recipe the examples and sparsegen share (issue 23): it trains exactly as the trainer it sets up, and it
/// records the standardisation and the test accuracy for the checkpoint as the three callers recorded them.
/// </summary>
public sealed class TrainingRecipeTests
{
    private static GenericSparseModel Model(int inputs, int classes, ulong seed)
    {
        var model = new GenericSparseModel(inputs,
        [
            new LayerSpec("Hidden", ConnectivityPattern.Uniform, 32, 0.2, 42, Activation.Relu, 0.2),
            new LayerSpec("Output", ConnectivityPattern.Dense, classes, 1.0, 0, Activation.Softmax),
        ]);
        model.Initialize(seed);
        return model;
    }

    [Fact]
    public void A_run_is_the_trainer_it_sets_up_bit_for_bit()
    {
        TrainingData data = TrainingData.LoadIdx(TestData.MnistDirectory, standardize: true, trainSamples: 300, testSamples: 100);

        GenericSparseModel byRecipe = Model(data.Train.FeatureCount, data.Train.ClassCount, 3);
        TrainingRun run = new TrainingRecipe(epochs: 2, batchSize: 64) { Seed = 3, Threads = 2, WeightDecay = 1e-4, Verbosity = Verbosity.Silent }
            .Run(byRecipe, new Nadam(1e-3), data);

        GenericSparseModel byTrainer = Model(data.Train.FeatureCount, data.Train.ClassCount, 3);
        History history = new Trainer(byTrainer, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = 3, WeightDecay = 1e-4, Backend = new CpuBackend { Threads = 2 }, Verbosity = Verbosity.Silent }
            .Fit(data.Train, 2, 64, validation: data.Test);

        Assert.Equal(history.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)), run.History.Select(h => (h.TrainLoss, h.ValidationLoss, h.ValidationAccuracy)));
        Assert.Equal(byTrainer.Layers[0].Weights.Values, byRecipe.Layers[0].Weights.Values);
        Assert.Same(byRecipe, run.Model);
        Assert.Equal(history[^1].ValidationAccuracy, run.TestAccuracy);
        Assert.Equal(run.History.Sum(h => h.Seconds) / 2, run.SecondsPerEpoch);
        Assert.Equal(history.Max(h => h.ValidationAccuracy ?? 0), run.BestTestAccuracy);
    }

    [Fact]
    public void Standardised_splits_record_the_training_splits_mean_and_std_and_the_checkpoint_metadata_adds_the_accuracy()
    {
        var (train, test) = IdxDataset.LoadSplits(TestData.MnistDirectory);
        train = train.Take(200);
        var scaler = FeatureScaler.FitStandard(train, perFeature: false);

        TrainingData data = TrainingData.LoadIdx(TestData.MnistDirectory, standardize: true, trainSamples: 200);

        Assert.Equal(scaler.Offsets[0], data.InputMean);
        Assert.Equal(scaler.Scales[0], data.InputStd);
        Assert.Equal(scaler.Transform(test).AllFeatures.ToArray(), data.Test.AllFeatures.ToArray());
        Assert.Equal(scaler.Offsets[0].ToString("R", System.Globalization.CultureInfo.InvariantCulture), data.PreprocessingMetadata()["preprocessing.mean"]);

        TrainingRun run = new TrainingRecipe(1, 50) { Threads = 1, Verbosity = Verbosity.Silent }.Run(Model(data.Train.FeatureCount, data.Train.ClassCount, 1), new Sgd(0.01), data);
        IReadOnlyDictionary<string, string> meta = run.CheckpointMetadata([new("hidden.density", "0.2"), new("test_accuracy", "given")]);
        Assert.Equal(new[] { "hidden.density", "preprocessing.mean", "preprocessing.std", "test_accuracy" }, meta.Keys.Order());
        Assert.Equal("given", meta["test_accuracy"]);
        Assert.Equal(run.TestAccuracy.ToString("R", System.Globalization.CultureInfo.InvariantCulture), run.CheckpointMetadata()["test_accuracy"]);
    }

    [Fact]
    public void Splits_as_read_record_no_preprocessing_and_a_limit_beyond_the_data_names_what_it_holds()
    {
        TrainingData data = TrainingData.LoadIdx(TestData.MnistDirectory, standardize: false, testSamples: 10);
        Assert.Null(data.Scaler);
        Assert.Equal((0f, 1f), (data.InputMean, data.InputStd));
        Assert.Empty(data.PreprocessingMetadata());
        Assert.Equal(10, data.Test.Count);

        var e = Assert.Throws<ArgumentException>(() => TrainingData.LoadIdx(TestData.MnistDirectory, standardize: true, trainSamples: 1_000_000));
        Assert.Equal($"1000000 training samples were asked for, but the data hold {data.Train.Count}.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRecipe(0, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingRecipe(1, 32) { Threads = 0 });
    }
}
