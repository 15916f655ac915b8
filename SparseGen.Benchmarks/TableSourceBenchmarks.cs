using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using SparseGen;
using SparseGen.Benchmarks.Baseline;
using SparseGen.Kernels;

namespace SparseGen.Benchmarks;

/// <summary>
/// One Table layer (Uniform 784 x 250, density 0.1, seed 42) three ways, in one run: its tables baked into the
/// assembly as int literals (the generator's output before this change, <see cref="BakedUniform784"/>), rebuilt
/// from the seeded pattern when the kernel type loads (today's seeded layers), and decoded from a topology file's
/// compact tables (today's file layers): <c>baked</c>, <c>rebuilt</c>, <c>file</c>. The kernel code is the same;
/// only where its static tables come from differs.
/// <c>dotnet run -c Release --project SparseGen.Benchmarks -- --filter '*TableSource*'</c>
/// </summary>
/// <remarks>Minimum and median beside the mean: on a machine shared with other work, the fastest iterations are the steadiest comparison.</remarks>
[MinColumn]
[MedianColumn]
public class TableSourceBenchmarks
{
    private static readonly Dictionary<string, Func<ILayerKernel>> Kernels = new()
    {
        ["baked"] = () => new BakedUniform784.LayerKernel(),
        ["rebuilt"] = () => new RebuiltUniform784().Layers[0].Kernel,
        ["file"] = () => new FileUniform784().Layers[0].Kernel,
    };

    private ILayerKernel _kernel = null!;
    private float[] _w = [], _b = [], _x = [], _z = [], _dw = [], _db = [], _dx = [];

    [ParamsSource(nameof(TableSources))]
    public string Tables { get; set; } = string.Empty;

    [Params(1, 32)]
    public int Batch { get; set; }

    public static IEnumerable<string> TableSources => Kernels.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _kernel = Kernels[Tables]();
        if (_kernel.Fingerprint != 0x2A0396ADC2890DE3UL)
        {
            throw new InvalidOperationException($"{Tables}: fingerprint 0x{_kernel.Fingerprint:X16}, not the Uniform 784 x 250 layer's.");
        }

        _w = StrategyBenchmarks.Random(_kernel.EdgeCount);
        _b = StrategyBenchmarks.Random(_kernel.Units);
        _x = StrategyBenchmarks.Random(_kernel.Inputs * Batch);
        _z = new float[_kernel.Units * Batch];
        _dw = new float[_kernel.EdgeCount];
        _db = new float[_kernel.Units];
        _dx = new float[_kernel.Inputs * Batch];
        Forward(); // initialises the kernel type (its tables) before measuring
    }

    [Benchmark]
    public void Forward() => _kernel.Forward(_w, _b, _x, _z, Batch);

    [Benchmark]
    public void Backward() => _kernel.Backward(_w, _x, _z, _dw, _db, _dx, Batch);
}

[SparseModel(Inputs = 784)]
public sealed partial class RebuiltUniform784
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 250)]
    public partial ISparseLayer Layer { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class FileUniform784
{
    [SparseLayer("uniform784x250.mtx")]
    public partial ISparseLayer Layer { get; }
}
