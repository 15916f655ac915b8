using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using SparseGen.Backends.Device;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Networks;

namespace SparseGen.Benchmarks;

/// <summary>
/// Generated device kernels (topology baked into the program) against the generic ELL device kernel (the same
/// k-major tables read from buffers) for the same layer on the same accelerator: a forward pass and a whole
/// training step (forward, backward, Adam) of a one-layer ReLU network, as <see cref="Trainer"/> runs them,
/// the batch upload and the output download included. The accelerator is OpenCL unless
/// <c>SPARSEGEN_DEVICE=cuda</c>.
/// </summary>
public class DeviceBenchmarks
{
    private Accelerator _device = null!;
    private DeviceNetwork _network = null!;
    private Adam _adam = null!;
    private float[] _x = [];
    private float[] _dz = [];

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    [Params(32, 1024)]
    public int Batch { get; set; }

    public static IEnumerable<string> Cases => DeviceCases.All.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _device = Accelerator.Create(Environment.GetEnvironmentVariable("SPARSEGEN_DEVICE") == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.OpenCL);
        ILayerKernel kernel = DeviceCases.All[Case]();
        var network = new SparseNetwork(kernel.Inputs, [new SparseLayer("layer", kernel, ConnectivityPattern.Uniform, 0.1, 0, Activation.Relu, 0)]);
        network.Initialize(1);
        _network = new DeviceNetwork(_device, network);
        _adam = new Adam();
        var rng = new Xoshiro256StarStar(2);
        _x = Enumerable.Range(0, kernel.Inputs * Batch).Select(_ => rng.NextSingle()).ToArray();
        _dz = Enumerable.Range(0, kernel.Units * Batch).Select(_ => rng.NextSingle() - 0.5f).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _network.Dispose();
        _device.Dispose();
    }

    [Benchmark]
    public float Forward() => _network.Forward(_x, Batch, null)[0];

    [Benchmark]
    public bool TrainStep()
    {
        _network.Forward(_x, Batch, null);
        _network.Backward(_dz, Batch);
        return _network.Step(_adam.NextUpdate(), _adam.State, 0, out _);
    }
}

/// <summary>The device benchmark's layers, keyed "shape | density | pattern | kernel".</summary>
public static class DeviceCases
{
    public static readonly IReadOnlyDictionary<string, Func<ILayerKernel>> All = new Dictionary<string, Func<ILayerKernel>>
    {
        ["784x250 | 0.1 | Uniform | generated Table"] = () => new U784d01().Layers[0].Kernel,
        ["784x250 | 0.1 | Uniform | generic ELL"] = () => new EllLayerKernel(Topology.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 42)),
        ["784x250 | 0.1 | RegularRotating | generated IndexFree"] = () => new R784d01().Layers[0].Kernel,
        ["784x250 | 0.1 | RegularRotating | generic ELL"] = () => new EllLayerKernel(Topology.Create(ConnectivityPattern.RegularRotating, 784, 250, 0.1, 0)),
        ["784x250 | 1 | Dense | generated Dense"] = () => new D784().Layers[0].Kernel,
        ["784x250 | 1 | Dense | generic ELL"] = () => new DenseLayerKernel(784, 250),
        ["4096x4096 | 0.01 | RegularRotating | generated IndexFree"] = () => new R4096d001().Layers[0].Kernel,
        ["4096x4096 | 0.01 | RegularRotating | generic ELL"] = () => new EllLayerKernel(Topology.Create(ConnectivityPattern.RegularRotating, 4096, 4096, 0.01, 0)),
    };
}
