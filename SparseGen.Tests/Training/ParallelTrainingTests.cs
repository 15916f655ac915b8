using SparseGen;
using SparseGen.Backends.Cpu;
using SparseGen.Core.Random;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Training;

/// <summary>Batch-parallel passes and the vectorised optimizer steps give the same numbers, bit for bit, however they are split.</summary>
public class ParallelTrainingTests
{
    private static Dataset Data(int count, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var features = new float[count * 6];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % 3;
            for (int f = 0; f < 6; f++)
            {
                features[(s * 6) + f] = rng.NextSingle() - 0.5f + (f % 3 == labels[s] ? 1f : 0f);
            }
        }

        return new Dataset(features, 6, labels, 3);
    }

    private static float[][] Train(int threads, Optimizer optimizer)
    {
        // Batches of 100 run as chunks of 32, 32, 32 and 4; the last batch of an epoch (50) as 32 and 18.
        ISparseModel model = new DropoutNet();
        model.Initialize(3);
        new Trainer(model, optimizer, Loss.CategoricalCrossEntropy) { Seed = 9, WeightDecay = 1e-3, Backend = new CpuBackend { Threads = threads } }
            .Fit(Data(250, 1), 2, 100, validation: Data(70, 2));
        return model.Network.Parameters.Select(p => p.Values).ToArray();
    }

    [Fact]
    public void Training_gives_the_same_weights_on_any_number_of_threads()
    {
        float[][] one = Train(1, new Nadam(0.01));
        Assert.Equal(one, Train(2, new Nadam(0.01)));
        Assert.Equal(one, Train(3, new Nadam(0.01)));
        Assert.Equal(Train(1, new Sgd(0.1, 0.9, nesterov: true)), Train(4, new Sgd(0.1, 0.9, nesterov: true)));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(20)]
    public void A_batch_of_one_chunk_through_a_large_CSR_layer_splits_its_rows_among_threads_with_the_same_bits(int batchSize)
    {
        // 200 -> 6,000 Erdős–Rényi at density 0.5: 600,000 edges, enough to share a one-chunk batch among threads;
        // 64 samples: two batches of 32, or three of 20 and one of 4.
        float[][] Run(int threads)
        {
            var model = new GenericSparseModel(200,
            [
                new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 6000, 0.5, 1, Activation.Relu, 0.2),
                new LayerSpec("Output", ConnectivityPattern.ErdosRenyi, 3, 0.5, 2, Activation.Softmax),
            ], 3);
            var rng = new Xoshiro256StarStar(5);
            var data = new Dataset(Enumerable.Range(0, 64 * 200).Select(_ => rng.NextSingle()).ToArray(), 200, Enumerable.Range(0, 64).Select(s => s % 3).ToArray(), 3);
            new Trainer(model, new Sgd(0.05, 0.9), Loss.CategoricalCrossEntropy) { Seed = 9, Backend = new CpuBackend { Threads = threads }, Verbosity = Verbosity.Silent }
                .Fit(data, 1, batchSize);
            return model.Network.Parameters.Select(p => p.Values).ToArray();
        }

        float[][] serial = Run(1);
        Assert.Equal(serial, Run(2));
        Assert.Equal(serial, Run(3));
    }

    [Fact]
    public void A_batch_predicts_the_same_on_any_number_of_threads_and_as_one_sample_at_a_time()
    {
        ISparseModel model = new SmallUsn();
        model.Initialize(5);
        const int batch = 75;
        var rng = new Xoshiro256StarStar(4);
        float[] x = Enumerable.Range(0, 13 * batch).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        float[] serial = new float[4 * batch], parallel = new float[4 * batch];
        model.Network.Predict(x, serial, batch);
        model.Network.Threads = 3;
        model.Network.Predict(x, parallel, batch);
        Assert.Equal(serial, parallel);

        float[] sample = new float[13], y = new float[4];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < 13; i++)
            {
                sample[i] = x[(i * batch) + b];
            }

            model.Predict(sample, y);
            for (int j = 0; j < 4; j++)
            {
                Reference.Close(y[j], parallel[(j * batch) + b], 1e-5, 1e-6);
            }
        }
    }

    [Fact]
    public void A_thread_count_must_be_at_least_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuBackend { Threads = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ISparseModel)new SmallUsn()).Network.Threads = 0);
    }

    [Fact]
    public void The_vectorised_step_gives_each_value_what_a_one_value_step_gives_it()
    {
        Optimizer[] Make() => [new Sgd(0.1), new Sgd(0.1, 0.9, nesterov: true), new Adam(0.01), new Nadam(0.01)];
        const int n = 37; // several SIMD vectors and a scalar tail
        Optimizer[] whole = Make();
        for (int o = 0; o < whole.Length; o++)
        {
            var p = new Parameter("w", n);
            var rng = new Xoshiro256StarStar((ulong)o);
            float[] w0 = Enumerable.Range(0, n).Select(_ => rng.NextSingle() - 0.5f).ToArray();
            float[][] g = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => rng.NextSingle() - 0.5f).ToArray()).ToArray();
            w0.CopyTo(p.Values, 0);
            foreach (float[] step in g)
            {
                step.CopyTo(p.Gradients, 0);
                whole[o].Step([p]);
            }

            for (int k = 0; k < n; k++)
            {
                var one = new Parameter("w", 1);
                one.Values[0] = w0[k];
                Optimizer alone = Make()[o];
                foreach (float[] step in g)
                {
                    one.Gradients[0] = step[k];
                    alone.Step([one]);
                }

                Assert.Equal(one.Values[0], p.Values[k]);
            }
        }
    }
}
