using System;
using BenchmarkDotNet.Attributes;
using SparseGen;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen.Benchmarks;

/// <summary>
/// Where one MNIST training batch (784-250-10, dropout 0.2, batch 32, Nadam) spends its time, USN 0.1 generated
/// against the dense network: copying the batch, the forward pass (with dropout), loss, backward pass and optimizer step.
/// </summary>
public class TrainingProfileBenchmarks
{
    private const int Batch = 32;
    private ISparseModel _model = null!;
    private Dataset _data = null!;
    private Nadam _optimizer = null!;
    private Xoshiro256StarStar _rng = null!;
    private readonly int[] _indices = new int[Batch];
    private readonly float[] _x = new float[784 * Batch], _t = new float[10 * Batch], _dz = new float[10 * Batch];

    [Params("USN 0.1 generated", "dense generated")]
    public string Model { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _model = Model.StartsWith("USN", StringComparison.Ordinal) ? new Mnist010() : new MnistFull();
        _model.Initialize(1);
        _data = new Dataset(StrategyBenchmarks.Random(784 * 256), 784, Array.ConvertAll(new int[256], _ => 3), 10);
        _optimizer = new Nadam();
        _rng = new Xoshiro256StarStar(1);
        for (int b = 0; b < Batch; b++)
        {
            _indices[b] = b * 7;
        }

        Forward();
        Loss();
    }

    [Benchmark]
    public void CopyBatch() => _data.CopyBatch(_indices, _x, _t);

    [Benchmark]
    public void Forward() => _model.Network.Forward(_x, Batch, _rng);

    [Benchmark]
    public double Loss() => SparseGen.Loss.CategoricalCrossEntropy.Compute(_model.Network.Forward(_x, Batch, null), _t, Batch, Activation.Softmax, _dz);

    [Benchmark]
    public void Backward() => _model.Network.Backward(_dz, Batch);

    [Benchmark]
    public void OptimizerStep() => _optimizer.Step(_model.Network.Parameters);
}

[SparseModel(Inputs = 784)]
public sealed partial class Mnist010
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MnistFull
{
    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
