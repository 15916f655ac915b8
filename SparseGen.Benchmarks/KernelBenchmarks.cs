using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using SparseGen;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Benchmarks;

/// <summary>
/// Generated kernels (each strategy) against the generic ELL and CSR kernels, which read the same topology's
/// indices at run time, and the dense baseline: one layer, forward, backward and a training step (forward,
/// backward, SGD update), at 784 x 250 and 4096 x 4096, densities 0.01 to 1, batches 1, 32 and 256.
/// </summary>
public class KernelBenchmarks
{
    private ILayerKernel _kernel = null!;
    private float[] _w = [], _b = [], _x = [], _z = [], _dz = [], _dw = [], _db = [], _dx = [];

    /// <summary>"shape | density | kernel": the kernel under test for each layer.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = string.Empty;

    [Params(1, 32, 256)]
    public int Batch { get; set; }

    /// <summary>Every case, or those containing <c>SPARSEGEN_BENCH_CASES</c> when it is set (e.g. <c>784x250 | 0.1 |</c>).</summary>
    public static IEnumerable<string> Cases =>
        KernelCases.All.Keys.Where(k => Environment.GetEnvironmentVariable("SPARSEGEN_BENCH_CASES") is not { Length: > 0 } only || k.Contains(only, StringComparison.Ordinal));

    [GlobalSetup]
    public void Setup()
    {
        _kernel = KernelCases.All[Case]();
        _w = StrategyBenchmarks.Random(_kernel.EdgeCount);
        _b = StrategyBenchmarks.Random(_kernel.Units);
        _x = StrategyBenchmarks.Random(_kernel.Inputs * Batch);
        _dz = StrategyBenchmarks.Random(_kernel.Units * Batch);
        _z = new float[_kernel.Units * Batch];
        _dw = new float[_kernel.EdgeCount];
        _db = new float[_kernel.Units];
        _dx = new float[_kernel.Inputs * Batch];
    }

    [Benchmark]
    public void Forward() => _kernel.Forward(_w, _b, _x, _z, Batch);

    [Benchmark]
    public void Backward() => _kernel.Backward(_w, _x, _dz, _dw, _db, _dx, Batch);

    /// <summary>Forward, backward (with <c>dx</c>, as for a hidden layer) and a plain SGD update of weights and biases.</summary>
    [Benchmark]
    public void TrainStep()
    {
        _kernel.Forward(_w, _b, _x, _z, Batch);
        _kernel.Backward(_w, _x, _dz, _dw, _db, _dx, Batch);
        TensorPrimitives.MultiplyAdd(_dw, -1e-3f, _w, _w);
        TensorPrimitives.MultiplyAdd(_db, -1e-3f, _b, _b);
    }
}

/// <summary>The benchmark's cases, keyed "shape | density | kernel".</summary>
public static class KernelCases
{
    public static readonly IReadOnlyDictionary<string, Func<ILayerKernel>> All = Build();

    private static Dictionary<string, Func<ILayerKernel>> Build()
    {
        var cases = new Dictionary<string, Func<ILayerKernel>>();
        void Add(int n, int m, double d, string kernel, Func<ILayerKernel> create) => cases[$"{n}x{m} | {d} | {kernel}"] = create;
        static ILayerKernel Generated(ISparseModel model) => model.Layers[0].Kernel;
        static Topology Uniform(int n, int m, double d) => Topology.Create(ConnectivityPattern.Uniform, n, m, d, 42);

        foreach (var (n, m) in new[] { (784, 250), (4096, 4096) })
        {
            foreach (double d in new[] { 0.01, 0.1, 0.5, 1.0 })
            {
                Func<ISparseModel>? table = (n, d) switch
                {
                    (784, 0.01) => () => new U784d001(),
                    (784, 0.1) => () => new U784d01(),
                    (784, 0.5) => () => new U784d05(),
                    (4096, 0.01) => () => new U4096d001(),
                    (4096, 0.1) => () => new U4096d01(),
                    (4096, 0.5) => () => new U4096d05(),
                    _ => null,
                };
                Func<ISparseModel>? computed = (n, d) switch
                {
                    (784, 0.01) => () => new R784d001(),
                    (784, 0.1) => () => new R784d01(),
                    (784, 0.5) => () => new R784d05(),
                    (4096, 0.01) => () => new R4096d001(),
                    (4096, 0.1) => () => new R4096d01(),
                    (4096, 0.5) => () => new R4096d05(),
                    _ => null,
                };
                if (d == 1.0)
                {
                    Add(n, m, d, "generated Dense", () => Generated(n == 784 ? new D784() : new D4096()));
                }

                if (table is not null)
                {
                    Add(n, m, d, "generated Table (Uniform)", () => Generated(table()));
                }

                if (n == 784 && d == 0.01)
                {
                    Add(n, m, d, "generated Unrolled (Uniform)", () => Generated(new U784d001Unrolled()));
                }

                if (computed is not null)
                {
                    Add(n, m, d, "generated IndexFree (RegularRotating)", () => Generated(computed()));
                    Add(n, m, d, "generic ELL (RegularRotating)", () => new EllLayerKernel(Topology.Create(ConnectivityPattern.RegularRotating, n, m, d, 0)));
                }

                if (n == 784 || d < 1.0)
                {
                    Add(n, m, d, "generic ELL (Uniform)", () => new EllLayerKernel(Uniform(n, m, d)));
                    Add(n, m, d, "generic CSR (Uniform)", () => new CsrLayerKernel(Uniform(n, m, d)));
                }

                Add(n, m, d, "dense", () => new DenseLayerKernel(n, m));
            }
        }

        return cases;
    }
}
