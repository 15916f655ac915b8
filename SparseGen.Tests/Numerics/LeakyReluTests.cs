using SparseGen;
using SparseGen.Kernels;
using SparseGen.Networks;

namespace SparseGen.Tests.Numerics;

/// <summary><see cref="Activation.LeakyRelu"/> with negative and positive slopes, and All-ReLU's slopes, through the runtime, the generator and checkpoints.</summary>
public class LeakyReluTests
{
    [Theory]
    [InlineData(-0.6f)]
    [InlineData(0.6f)]
    [InlineData(0f)]
    public void Forward_and_backward_follow_the_slope_below_zero(float slope)
    {
        float[] z = [2f, -1.5f, 0f, -0.25f];
        var a = new float[4];
        Activations.Forward(Activation.LeakyRelu, z, a, 4, 1, slope);
        Assert.Equal([2f, slope * -1.5f, 0f, slope * -0.25f], a);

        // The derivative reads z: 1 at and above zero, the slope below.
        float[] gradient = [1f, 2f, 3f, 4f];
        Activations.Backward(Activation.LeakyRelu, z, gradient, 4, 1, slope);
        Assert.Equal([1f, 2f * slope, 3f, 4f * slope], gradient);
    }

    [Fact]
    public void All_relu_alternates_the_sign_of_alpha_from_the_first_hidden_layer()
    {
        Assert.Equal([-0.6, 0.6, -0.6], [AllRelu.Slope(1), AllRelu.Slope(2), AllRelu.Slope(3)]);
        Assert.Equal(0.3, AllRelu.Slope(4, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllRelu.Slope(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllRelu.Slope(1, double.NaN));
    }

    [Theory]
    [InlineData(Activation.Relu, 0.5)]
    [InlineData(Activation.LeakyRelu, double.NaN)]
    [InlineData(Activation.LeakyRelu, double.PositiveInfinity)]
    public void A_layer_refuses_a_slope_that_is_not_finite_or_not_leaky(Activation activation, double slope)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GenericSparseModel(4, [new LayerSpec("H", ConnectivityPattern.Dense, 3, 1.0, 0, activation, NegativeSlope: slope)]));
        Assert.Contains("'H'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loss_refuses_a_leaky_output_layer()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError.Validate(Activation.LeakyRelu, 0));
        Assert.Contains("pre-activations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_model_equals_the_generic_one_and_a_checkpoint_keeps_the_slopes()
    {
        var generated = new AllReluNet();
        generated.Initialize(5);
        Assert.Equal([-0.6, 0.6, 0], generated.Layers.Select(l => l.NegativeSlope));
        var generic = new GenericSparseModel(generated.InputCount, generated.Layers.Select(l => LayerSpec.Of(l)).ToArray());
        string path = Path.Combine(Path.GetTempPath(), $"sparsegen-allrelu-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.Save(generated, path);
            Assert.Equal("-0.6", Checkpoint.ReadMetadata(path)["First.negative_slope"]);
            Assert.False(Checkpoint.ReadMetadata(path).ContainsKey("Output.negative_slope"));
            Checkpoint.Load(generic, path);

            const int batch = 6;
            float[] x = Reference.Random(generated.InputCount * batch, 8, 2f);
            float[] expected = new float[generated.OutputCount * batch], actual = new float[expected.Length];
            generated.Predict(x, expected, batch);
            generic.Predict(x, actual, batch);
            for (int k = 0; k < expected.Length; k++)
            {
                Reference.Close(expected[k], actual[k]);
            }

            Assert.Equal(expected, ((ISparseModel)generated).Network.Forward(x, batch, null).ToArray());

            var other = new GenericSparseModel(generated.InputCount, generated.Layers.Select(l => LayerSpec.Of(l) with { NegativeSlope = l.NegativeSlope == 0 ? 0 : 0.3 }).ToArray());
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, path));
            Assert.Contains("First.negative_slope", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Training_with_negative_slopes_lowers_the_loss()
    {
        var model = new AllReluNet();
        model.Initialize(3);
        var random = new Random(2);
        float[] features = Enumerable.Range(0, 120 * 10).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        int[] labels = Enumerable.Range(0, 120).Select(n => features[n * 10] > 0 ? (features[(n * 10) + 1] > 0 ? 0 : 1) : 2).ToArray();
        var data = new Dataset(features, 10, labels, 3);
        var trainer = new Trainer(model, new Sgd(0.05, momentum: 0.9), Loss.CategoricalCrossEntropy);
        double before = trainer.Evaluate(data).Loss;
        trainer.Fit(data, epochs: 20, batchSize: 16);
        Assert.True(trainer.Evaluate(data).Loss < before * 0.8);
    }
}
