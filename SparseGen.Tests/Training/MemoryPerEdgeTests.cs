using SparseGen;
using SparseGen.Backends.Cpu;
using SparseGen.Core.Random;
using Xunit.Abstractions;

namespace SparseGen.Tests.Training;

/// <summary>Tests that measure the process's managed heap: no other test may allocate meanwhile.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public sealed class MemoryCollection;

/// <summary>
/// What CPU training of a generic (CSR) network holds per edge, as docs/scale.md gives it: the column index (4 bytes),
/// the transposed indices the <c>dx</c> pass gathers by (8), the weight and its gradient (8) and the optimizer's
/// slots (4 for SGD with momentum, 8 for Adam), for a batch of one chunk. Measured as the managed heap the trained
/// network and its optimizer hold after a full collection; the per-neuron buffers (biases, offsets, a chunk's
/// activations, gradients and dropout masks) get a budget of their own.
/// </summary>
/// <remarks>The heap is shared with every test of the process, so these run alone, after the parallel ones.</remarks>
[Collection(nameof(MemoryCollection))]
public sealed class MemoryPerEdgeTests(ITestOutputHelper output)
{
    private const int NeuronBudget = 700;

    [Theory]
    [InlineData("momentum", 24)]
    [InlineData("adam", 28)]
    public void Training_holds_the_documented_bytes_per_edge(string name, int bytesPerEdge)
    {
        // 1,000 -> 5,000 -> 5,000 -> 10, epsilon 200: 3.25 M edges against 10,010 neurons.
        var rng = new Xoshiro256StarStar(1);
        var data = new Dataset(Enumerable.Range(0, 64 * 1000).Select(_ => rng.NextSingle()).ToArray(), 1000, Enumerable.Range(0, 64).Select(s => s % 10).ToArray(), 10);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        var model = new GenericSparseModel(1000,
        [
            ErdosRenyi.Layer("Hidden1", 1000, 5000, 200, 1, Activation.Relu, 0.3),
            ErdosRenyi.Layer("Hidden2", 5000, 5000, 200, 2, Activation.Relu, 0.3),
            ErdosRenyi.Layer("Output", 5000, 10, 200, 3, Activation.Softmax),
        ], 1);
        Optimizer optimizer = name == "adam" ? new Adam(1e-3) : new Sgd(0.01, momentum: 0.9);
        new Trainer(model, optimizer, Loss.CategoricalCrossEntropy) { Backend = new CpuBackend { Threads = 1 }, Verbosity = Verbosity.Silent }.Fit(data, 1, 32);
        long held = GC.GetTotalMemory(forceFullCollection: true) - before;

        long edges = model.Layers.Sum(l => (long)l.EdgeCount), neurons = model.Layers.Sum(l => (long)l.Units);
        output.WriteLine($"{name}: {held:N0} bytes for {edges:N0} edges and {neurons:N0} neurons: {(double)held / edges:F2} bytes per edge with the neurons' buffers");
        Assert.InRange(held, (bytesPerEdge - 4) * edges, (bytesPerEdge * edges) + (NeuronBudget * neurons));
        GC.KeepAlive(model);
        GC.KeepAlive(optimizer);
    }
}
