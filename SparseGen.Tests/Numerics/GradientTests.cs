using SparseGen;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen.Tests.Numerics;

public class GradientTests
{
    public static TheoryData<string> Models() => new() { nameof(SmallUsn), nameof(DropoutNet), nameof(AllReluNet), nameof(EveryPattern), nameof(ExplicitStrategies) };

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_equals_central_finite_differences_of_the_loss(string name)
    {
        ISparseModel model = name == nameof(DropoutNet) ? new DropoutNet() : name == nameof(AllReluNet) ? new AllReluNet() : KernelTests.Models[name]();
        model.Initialize(11);
        if (model is AllReluNet)
        {
            // Zero biases put a sample whose inputs all dropped out exactly on the kink at z = 0, where finite differences average the two slopes.
            foreach (ISparseLayer layer in model.Layers)
            {
                Reference.Random(layer.Units, 12).CopyTo(layer.Bias.Values, 0);
            }
        }

        const int batch = 3;
        SparseNetwork network = model.Network;
        float[] x = Reference.Random(model.InputCount * batch, 5, 2f);
        var targets = new float[model.OutputCount * batch];
        for (int b = 0; b < batch; b++)
        {
            targets[((b % model.OutputCount) * batch) + b] = 1f;
        }

        // The dropout draws are the same on every pass because the generator is re-seeded each time.
        double LossAndGradient(bool backward)
        {
            var dz = new float[model.OutputCount * batch];
            ReadOnlySpan<float> y = network.Forward(x, batch, new Xoshiro256StarStar(99));
            double loss = Loss.CategoricalCrossEntropy.Compute(y, targets, batch, Activation.Softmax, dz);
            if (backward)
            {
                network.Backward(dz, batch);
            }

            return loss;
        }

        LossAndGradient(backward: true);
        var analytic = network.Parameters.Select(p => (float[])p.Gradients.Clone()).ToArray();
        // The piecewise-linear All-ReLU net takes a smaller step, so that no pre-activation crosses its kink at 0.
        float h = model is AllReluNet ? 1e-3f : 1e-2f;
        for (int p = 0; p < network.Parameters.Count; p++)
        {
            float[] values = network.Parameters[p].Values;
            for (int k = 0; k < values.Length; k++)
            {
                float saved = values[k];
                values[k] = saved + h;
                double plus = LossAndGradient(backward: false);
                values[k] = saved - h;
                double minus = LossAndGradient(backward: false);
                values[k] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[p][k]) <= 2e-3 + (2e-2 * Math.Abs(numeric)),
                    $"{network.Parameters[p].Name}[{k}]: finite difference {numeric}, backward {analytic[p][k]}");
            }
        }
    }

    [Fact]
    public void Predict_one_sample_equals_the_batched_predict_and_the_training_forward_without_dropout()
    {
        var model = new SmallUsn();
        model.Initialize(3);
        const int batch = 4;
        float[] x = Reference.Random(13 * batch, 8);
        var batched = new float[4 * batch];
        model.Predict(x, batched, batch);
        ReadOnlySpan<float> training = ((ISparseModel)model).Network.Forward(x, batch, dropout: null);

        for (int b = 0; b < batch; b++)
        {
            float[] sample = Enumerable.Range(0, 13).Select(i => x[(i * batch) + b]).ToArray();
            var single = new float[4];
            model.Predict(sample, single);
            for (int j = 0; j < 4; j++)
            {
                Reference.Close(batched[(j * batch) + b], single[j], 1e-6, 1e-6);
                Assert.Equal(batched[(j * batch) + b], training[(j * batch) + b]);
            }
        }
    }

    [Fact]
    public void Predict_from_many_threads_gives_the_answers_of_one_thread()
    {
        var model = new MnistSmall();
        float[][] inputs = Enumerable.Range(0, 64).Select(s => Reference.Random(784, (ulong)s)).ToArray();
        float[][] expected = inputs.Select(x => { var y = new float[10]; model.Predict(x, y); return y; }).ToArray();
        var actual = new float[64][];

        Parallel.For(0, 64 * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var y = new float[10];
            model.Predict(inputs[k % 64], y);
            actual[k % 64] = y;
            Assert.Equal(expected[k % 64], y);
        });
    }

    [Fact]
    public void Predict_allocates_nothing_once_warm()
    {
        var model = new MnistSmall();
        float[] x = Reference.Random(784, 1), xs = Reference.Random(784 * 16, 2);
        var y = new float[10];
        var ys = new float[10 * 16];
        model.Predict(x, y);
        model.Predict(xs, ys, 16);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            model.Predict(x, y);
            model.Predict(xs, ys, 16);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Generated_predict_equals_the_runtime_network_predict()
    {
        foreach (ISparseModel model in KernelTests.Models.Values.Select(create => create()))
        {
            model.Initialize(4);
            float[] x = Reference.Random(model.InputCount * 5, 6);
            var generated = new float[model.OutputCount * 5];
            var runtime = new float[model.OutputCount * 5];
            model.Predict(x, generated, 5);
            model.Network.Predict(x, runtime, 5);

            Assert.Equal(runtime, generated);
        }
    }

    [Fact]
    public void Predict_rejects_wrong_lengths_with_both_sizes()
    {
        var model = new SmallUsn();
        var e = Assert.Throws<ArgumentException>(() => model.Predict(new float[12], new float[4]));
        Assert.Contains("has length 12; expected 13", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Predict(new float[13], new float[3]));
        Assert.Contains("has length 3; expected 4", e.Message);
    }

    [Fact]
    public void Glorot_uniform_uses_the_real_sparse_fan_in_and_fan_out()
    {
        var model = new MnistSmall();
        model.Initialize(1);
        ISparseLayer hidden = model.Hidden;
        double limit = Math.Sqrt(6.0 / ((hidden.EdgeCount / 64.0) + (hidden.EdgeCount / 784.0)));
        float[] w = hidden.Weights.Values;

        Assert.All(w, v => Assert.InRange(Math.Abs(v), 0, limit));
        Assert.True(w.Max(Math.Abs) > 0.95 * limit, "weights should fill the range, not the dense Glorot range sqrt(6 / (784 + 64))");
        Assert.All(hidden.Bias.Values, v => Assert.Equal(0f, v));
    }
}
