using SparseGen;
using SparseGen.Kernels;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Tests.Numerics;

public class ActivationTests
{
    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Softmax)]
    [InlineData(Activation.LeakyRelu, -0.6f)]
    [InlineData(Activation.LeakyRelu, 0.25f)]
    public void Backward_equals_central_differences_of_the_forward_away_from_kinks(Activation activation, float slope = 0f)
    {
        const int units = 4, batch = 3;
        float[] z = [0.5f, -1.2f, 2.0f, 0.3f, -0.4f, 1.1f, -2.5f, 0.9f, 1.7f, -0.8f, 0.25f, -1.6f];
        float[] upstream = Reference.Random(units * batch, 3);
        var a = new float[z.Length];
        Activations.Forward(activation, z, a, units, batch, slope);
        var gradient = (float[])upstream.Clone();
        Activations.Backward(activation, ActivationMath.ReadsInput(activation) ? z : a, gradient, units, batch, slope);

        double Objective(float[] input)
        {
            var output = new float[input.Length];
            Activations.Forward(activation, input, output, units, batch, slope);
            return output.Select((v, k) => (double)v * upstream[k]).Sum();
        }

        for (int k = 0; k < z.Length; k++)
        {
            float[] plus = (float[])z.Clone(), minus = (float[])z.Clone();
            plus[k] += 1e-3f;
            minus[k] -= 1e-3f;
            Reference.Close((Objective(plus) - Objective(minus)) / 2e-3, gradient[k], 1e-2, 1e-3);
        }
    }

    [Fact]
    public void Softmax_columns_sum_to_one_and_survive_large_inputs()
    {
        float[] z = [1000f, 0f, 1001f, 0f]; // [2 units, 2 samples]
        var a = new float[4];
        Activations.Forward(Activation.Softmax, z, a, 2, 2);

        Reference.Close(1, a[0] + a[2], 1e-6, 1e-6);
        Reference.Close(1 / (1 + Math.E), a[0], 1e-6, 1e-6);
        Assert.Equal(0.5f, a[1]);
    }
}
