using SparseGen;
using SparseGen.Tests.Numerics;
using SparseGen.Networks;

namespace SparseGen.Tests.Training;

public class TrainingTests
{
    private static readonly Lazy<(Dataset Train, Dataset Test)> Mnist = new(() =>
    {
        var (train, test) = IdxDataset.LoadSplits(TestData.MnistDirectory);
        var scaler = FeatureScaler.FitStandard(train, perFeature: false);
        return (scaler.Transform(train.Take(3000)), scaler.Transform(test));
    });

    [Fact]
    public void A_short_run_on_MNIST_lowers_the_loss_and_learns()
    {
        var (train, test) = Mnist.Value;
        var model = new MnistSmall();
        model.Initialize(1);
        var trainer = new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = 1 };

        Evaluation before = trainer.Evaluate(test);
        var history = trainer.Fit(train, epochs: 3, batchSize: 32, validation: test);

        Assert.Equal(3, history.Count);
        Assert.True(history[2].TrainLoss < history[0].TrainLoss, $"train loss {history[0].TrainLoss} -> {history[2].TrainLoss}");
        Assert.True(history[2].ValidationLoss < before.Loss, $"test loss {before.Loss} -> {history[2].ValidationLoss}");
        Assert.True(history[2].ValidationAccuracy > 0.8, $"test accuracy {history[2].ValidationAccuracy}");
        Assert.InRange(before.Accuracy, 0, 0.3);
    }

    [Fact]
    public void The_same_seed_reproduces_a_run_bit_for_bit_and_another_seed_does_not()
    {
        float[] Train(ulong seed)
        {
            var model = new MnistSmall();
            model.Initialize(seed);
            new Trainer(model, new Nadam(), Loss.CategoricalCrossEntropy) { Seed = seed }.Fit(Mnist.Value.Train.Take(300), 1, 32);
            return model.Hidden.Weights.Values;
        }

        Assert.Equal(Train(5), Train(5));
        Assert.NotEqual(Train(5), Train(6));
    }

    [Fact]
    public void Cross_entropy_without_a_softmax_output_is_rejected_with_what_to_change()
    {
        var model = new GenericSparseModel(4, [new LayerSpec("Out", ConnectivityPattern.Dense, 3, 1.0, 0, Activation.Sigmoid)]);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, new Nadam(), Loss.CategoricalCrossEntropy));
        Assert.Contains("Activation.Softmax", e.Message);
    }

    [Fact]
    public void A_data_set_of_another_shape_is_rejected_naming_both_shapes()
    {
        var trainer = new Trainer(new SmallUsn(), new Nadam(), Loss.CategoricalCrossEntropy);
        var data = new Dataset(new float[12], 6, [0, 1], 2);
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(data, 1, 2));
        Assert.Contains("6 features and 2 classes", e.Message);
        Assert.Contains("13 inputs and gives 4 outputs", e.Message);
    }

    [Fact]
    public void Nadam_follows_Dozat_with_the_Keras_momentum_schedule()
    {
        var p = new Parameter("w", 1);
        p.Values[0] = 0.5f;
        var nadam = new Nadam(learningRate: 0.1);
        double w = 0.5, m = 0, v = 0, product = 1;
        double[] gradients = [0.3, -0.2, 0.7];
        for (int t = 1; t <= gradients.Length; t++)
        {
            double g = gradients[t - 1];
            p.Gradients[0] = (float)g;
            nadam.Step([p]);

            // Keras 2 / tf.keras Nadam, written out from Dozat (2016), algorithm 2.
            double mu = 0.9 * (1 - (0.5 * Math.Pow(0.96, t * 0.004)));
            double muNext = 0.9 * (1 - (0.5 * Math.Pow(0.96, (t + 1) * 0.004)));
            product *= mu;
            m = (0.9 * m) + (0.1 * g);
            v = (0.999 * v) + (0.001 * g * g);
            double mBar = ((1 - mu) * g / (1 - product)) + (muNext * m / (1 - (product * muNext)));
            w -= 0.1 * mBar / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-7);
            Reference.Close(w, p.Values[0], 1e-5, 1e-6);
        }
    }

    [Fact]
    public void Cross_entropy_is_the_mean_negative_log_probability_and_its_gradient_is_p_minus_t_over_the_batch()
    {
        float[] p = [0.7f, 0.2f, 0.3f, 0.8f]; // [2 classes, 2 samples]
        float[] t = [1f, 0f, 0f, 1f];
        var dz = new float[4];

        double loss = Loss.CategoricalCrossEntropy.Compute(p, t, 2, Activation.Softmax, dz);

        Reference.Close(-(Math.Log(0.7) + Math.Log(0.8)) / 2, loss);
        Assert.Equal([(0.7f - 1) / 2, 0.2f / 2, 0.3f / 2, (0.8f - 1) / 2], dz);
    }
}
