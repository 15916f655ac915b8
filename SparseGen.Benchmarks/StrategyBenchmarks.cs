using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SparseGen;
using SparseGen.Core.Random;
using SparseGen.Kernels;

namespace SparseGen.Benchmarks;

/// <summary>
/// The generated strategies against each other on the same topology: Unrolled against Table for growing layers
/// (where does unrolling stop paying?), and IndexFree against Table for a rotating layer. Forward and backward
/// of one layer, batch 1 and 32. (The kernel benchmarks compare each strategy with the generic kernels.)
/// </summary>
public class StrategyBenchmarks
{
    private static readonly Dictionary<string, Func<ISparseModel>> Layers = new()
    {
        ["Uniform 64x8 (128 edges), Table"] = () => new Crossover128Table(),
        ["Uniform 64x8 (128 edges), Unrolled"] = () => new Crossover128Unrolled(),
        ["Uniform 64x32 (512 edges), Table"] = () => new Crossover512Table(),
        ["Uniform 64x32 (512 edges), Unrolled"] = () => new Crossover512Unrolled(),
        ["Uniform 128x64 (2048 edges), Table"] = () => new Crossover2048Table(),
        ["Uniform 128x64 (2048 edges), Unrolled"] = () => new Crossover2048Unrolled(),
        ["Uniform 128x128 (4096 edges), Table"] = () => new Crossover4096Table(),
        ["Uniform 128x128 (4096 edges), Unrolled"] = () => new Crossover4096Unrolled(),
        ["RegularRotating 784x250 d=0.1, IndexFree"] = () => new RegularRotatingIndexFree(),
        ["RegularRotating 784x250 d=0.1, Table"] = () => new RegularRotatingTable(),
    };

    private ILayerKernel _kernel = null!;
    private float[] _w = [], _b = [], _x = [], _z = [], _dw = [], _db = [], _dx = [];

    [ParamsSource(nameof(LayerNames))]
    public string Layer { get; set; } = string.Empty;

    [Params(1, 32)]
    public int Batch { get; set; }

    public static IEnumerable<string> LayerNames => Layers.Keys;

    [GlobalSetup]
    public void Setup()
    {
        ISparseModel model = Layers[Layer]();
        model.Initialize(1);
        ISparseLayer layer = model.Layers[0];
        _kernel = layer.Kernel;
        _w = layer.Weights.Values;
        _b = layer.Bias.Values;
        _x = Random(layer.Inputs * Batch);
        _z = new float[layer.Units * Batch];
        _dw = new float[layer.EdgeCount];
        _db = new float[layer.Units];
        _dx = new float[layer.Inputs * Batch];
    }

    [Benchmark]
    public void Forward() => _kernel.Forward(_w, _b, _x, _z, Batch);

    [Benchmark]
    public void Backward() => _kernel.Backward(_w, _x, _z, _dw, _db, _dx, Batch);

    internal static float[] Random(int length)
    {
        var rng = new Xoshiro256StarStar(3);
        var values = new float[length];
        for (int k = 0; k < length; k++)
        {
            values[k] = rng.NextSingle() - 0.5f;
        }

        return values;
    }
}
