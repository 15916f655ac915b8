using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Inference;

public sealed class FrozenModelTests
{
    // The frozen model sums in another order and with folded constants: agreement to float rounding, scaled by the output.
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Models => new() { nameof(MnistSmall), nameof(EveryPattern), nameof(ExplicitStrategies), nameof(DropoutNet), "GenericCsr", "GenericEll", "GenericDense", "GenericSkewed" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Matches_the_models_predict_on_standardised_inputs_with_zeros(string name)
    {
        ISparseModel model = Create(name);
        model.Initialize(11);
        RandomiseBiases(model, 12);
        var rng = new Random(13);
        float mean = 0.13f, std = 0.31f;
        FrozenModel frozen = FrozenModel.Create(model, [mean], [std]);

        var raw = new float[model.InputCount];
        var standardised = new float[model.InputCount];
        var expected = new float[model.OutputCount];
        var actual = new float[model.OutputCount];
        for (int sample = 0; sample < 50; sample++)
        {
            for (int i = 0; i < raw.Length; i++)
            {
                // About 70 % zeros, as raw MNIST pixels, so the frozen model skips most inputs.
                raw[i] = rng.NextDouble() < 0.7 ? 0f : (float)rng.NextDouble();
                standardised[i] = (raw[i] - mean) / std;
            }

            model.Predict(standardised, expected);
            frozen.Predict(raw, actual);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.True(Math.Abs(expected[j] - actual[j]) <= Tolerance * Math.Max(1, Math.Abs(expected[j])), $"{name}, sample {sample}, output {j}: model {expected[j]}, frozen {actual[j]}");
            }
        }
    }

    [Fact]
    public void Per_feature_standardisation_is_folded_into_the_first_layer()
    {
        var model = new SmallUsn();
        model.Initialize(3);
        float[] offsets = Enumerable.Range(0, model.InputCount).Select(i => 0.1f * i).ToArray();
        float[] scales = Enumerable.Range(0, model.InputCount).Select(i => 0.5f + (0.25f * i)).ToArray();
        FrozenModel frozen = FrozenModel.Create(model, offsets, scales);
        float[] raw = Enumerable.Range(0, model.InputCount).Select(i => i % 3 == 0 ? 0f : 1f / (i + 1)).ToArray();
        float[] standardised = raw.Select((x, i) => (x - offsets[i]) / scales[i]).ToArray();
        var expected = new float[model.OutputCount];
        var actual = new float[model.OutputCount];

        model.Predict(standardised, expected);
        frozen.Predict(raw, actual);

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= Tolerance);
    }

    [Fact]
    public void Is_a_snapshot_that_later_training_does_not_change()
    {
        var model = new SmallUsn();
        model.Initialize(5);
        FrozenModel frozen = FrozenModel.Create(model);
        float[] x = Enumerable.Range(0, model.InputCount).Select(i => (float)Math.Sin(i)).ToArray();
        var before = new float[model.OutputCount];
        var after = new float[model.OutputCount];
        frozen.Predict(x, before);

        model.Initialize(6);
        frozen.Predict(x, after);

        Assert.Equal(before, after);
    }

    [Fact]
    public void Layers_report_their_storage()
    {
        var model = new MnistSmall();
        FrozenModel frozen = FrozenModel.Create(model);

        Assert.Equal([false, true], frozen.Layers.Select(l => l.Dense));
        Assert.Equal(model.Layers.Select(l => l.EdgeCount), frozen.Layers.Select(l => l.Edges));
    }

    [Fact]
    public void A_layer_wider_than_the_stack_buffers_runs_from_the_pool()
    {
        var model = new GenericSparseModel(20, [new LayerSpec("Wide", ConnectivityPattern.Uniform, 20_000, 0.05, 1), new LayerSpec("Output", ConnectivityPattern.Dense, 3, 1.0, 0, Activation.Softmax)], initSeed: 2);
        FrozenModel frozen = FrozenModel.Create(model);
        float[] x = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 0f : 0.5f).ToArray();
        var expected = new float[3];
        var actual = new float[3];

        model.Predict(x, expected);
        frozen.Predict(x, actual);

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= Tolerance);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 0)]
    [InlineData(1, float.NaN)]
    public void Bad_standardisation_is_refused_naming_the_argument(int offsets, float scale)
    {
        var model = new SmallUsn();
        var error = Assert.Throws<ArgumentException>(() => FrozenModel.Create(model, new float[offsets], [scale]));

        Assert.Contains(offsets == 2 ? "inputOffsets" : "inputScales", error.Message);
    }

    [Fact]
    public void Wrong_span_lengths_are_refused()
    {
        FrozenModel frozen = FrozenModel.Create(new SmallUsn());

        Assert.Throws<ArgumentException>(() => frozen.Predict(new float[12], new float[4]));
        Assert.Throws<ArgumentException>(() => frozen.Predict(new float[13], new float[5]));
    }

    private static ISparseModel Create(string name) => name switch
    {
        nameof(MnistSmall) => new MnistSmall(),
        nameof(EveryPattern) => new EveryPattern(),
        nameof(ExplicitStrategies) => new ExplicitStrategies(),
        nameof(DropoutNet) => new DropoutNet(),
        "GenericCsr" or "GenericEll" => new GenericSparseModel(30, [new LayerSpec("A", ConnectivityPattern.Uniform, 40, 0.2, 3), new LayerSpec("B", ConnectivityPattern.FibonacciRotating, 20, 0.3, 0, Activation.Tanh), new LayerSpec("C", ConnectivityPattern.Dense, 5, 1.0, 0, Activation.Softmax)], format: name == "GenericEll" ? SparseFormat.Ell : SparseFormat.Csr),
        "GenericDense" => new GenericSparseModel(30, [new LayerSpec("A", ConnectivityPattern.Dense, 70, 1.0, 0), new LayerSpec("B", ConnectivityPattern.Dense, 9, 1.0, 0, Activation.Sigmoid)]),
        // Input 0 feeds every unit, the others one each: too uneven to pad, so the layer keeps one run length per input.
        "GenericSkewed" => new GenericSparseModel(12, [new LayerSpec("A", ConnectivityPattern.Uniform, 16, 0, 0, Activation.Relu, Topology: SparseGen.Topology.FromEdges(12, 16, Enumerable.Range(0, 16).Select(j => (0, j)).Concat(Enumerable.Range(1, 11).Select(i => (i, (3 * i) % 16))))), new LayerSpec("B", ConnectivityPattern.Dense, 4, 1.0, 0, Activation.Softmax)]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void RandomiseBiases(ISparseModel model, int seed)
    {
        var rng = new Random(seed);
        foreach (ISparseLayer layer in model.Layers)
        {
            Span<float> b = layer.Bias.Values;
            for (int j = 0; j < b.Length; j++)
            {
                b[j] = (float)(rng.NextDouble() - 0.5);
            }
        }
    }
}
