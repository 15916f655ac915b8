using SparseGen;
using SparseGen.Tests.Numerics;
using SparseGen.Kernels;

namespace SparseGen.Tests.Training;

public class LossTests
{
    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Tanh)]
    public void Mean_squared_error_gradient_equals_finite_differences_through_the_activation(Activation activation)
    {
        const int units = 3, batch = 2;
        float[] z = [0.4f, -1.1f, 0.8f, 0.2f, 1.5f, -0.6f];
        float[] t = [1f, 0f, 0f, 1f, 0.5f, 0.25f];

        double Loss(float[] pre, float[]? gradient = null)
        {
            var a = new float[pre.Length];
            Activations.Forward(activation, pre, a, units, batch);
            return gradient is null ? SparseGen.Loss.MeanSquaredError.Sum(a, t, batch) / batch
                : SparseGen.Loss.MeanSquaredError.Compute(a, t, batch, activation, gradient);
        }

        var dz = new float[z.Length];
        double value = Loss(z, dz);
        double expected = 0;
        var a0 = new float[z.Length];
        Activations.Forward(activation, z, a0, units, batch);
        for (int k = 0; k < z.Length; k++)
        {
            expected += (a0[k] - t[k]) * (a0[k] - t[k]) / (units * batch);
        }

        Reference.Close(expected, value, 1e-6, 1e-7);
        for (int k = 0; k < z.Length; k++)
        {
            float[] plus = (float[])z.Clone(), minus = (float[])z.Clone();
            plus[k] += 1e-3f;
            minus[k] -= 1e-3f;
            Reference.Close((Loss(plus) - Loss(minus)) / 2e-3, dz[k], 1e-2, 1e-4);
        }
    }

    [Fact]
    public void Bourelys_setting_sigmoid_mse_and_nesterov_sgd_learns()
    {
        var model = new GenericSparseModel(4,
        [
            new LayerSpec("Hidden", ConnectivityPattern.RegularRotating, 8, 0.5, 0, Activation.Sigmoid),
            new LayerSpec("Output", ConnectivityPattern.Dense, 2, 1.0, 0, Activation.Sigmoid),
        ], initSeed: 3);
        float[] features = [0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0];
        var data = new Dataset(features, 4, [0, 1, 0, 1], 2);
        var trainer = new Trainer(model, new Sgd(0.5, 0.9, nesterov: true), Loss.MeanSquaredError) { Seed = 1 };

        var history = trainer.Fit(data, epochs: 200, batchSize: 4);

        Assert.True(history[^1].TrainLoss < history[0].TrainLoss / 4, $"{history[0].TrainLoss} -> {history[^1].TrainLoss}");
        Assert.Equal(1.0, trainer.Evaluate(data).Accuracy);
    }
}
