using System.Diagnostics;
using System.Runtime.InteropServices;
using SparseGen;
using SparseGen.Networks;
using Xunit.Abstractions;

namespace SparseGen.Tests.IO;

/// <summary>A test that needs minutes and gigabytes: it runs only when the environment sets <c>SPARSEGEN_LARGE=1</c>.</summary>
public sealed class LargeFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless <c>SPARSEGEN_LARGE</c> is <c>1</c>.</summary>
    public LargeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SPARSEGEN_LARGE") != "1")
        {
            Skip = "Large: set SPARSEGEN_LARGE=1 to run it (minutes, about 8 GB of memory and 3 GB of disk).";
        }
    }
}

/// <summary>Issue 24's scale: the SET network 784-10^6-10^6-10^6-10 (Erdős–Rényi, ε 20), whose checkpoint with Adam's state passes 2^31 bytes.</summary>
[Trait("Category", "Large")]
public sealed class LargeCheckpointTests(ITestOutputHelper output) : IDisposable
{
    private const int Hidden = 1_000_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-large-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LargeFact]
    public void A_checkpoint_past_two_gigabytes_saves_and_loads_bit_for_bit()
    {
        string path = Path.Combine(_dir, "big.safetensors");
        var saved = new GenericSparseModel(784, Specs(null), initSeed: 7);
        var adam = new Adam(0.001);
        foreach (ISparseLayer layer in saved.Layers)
        {
            adam.SetSlot(layer.Weights, "m", layer.Weights.Values);
            adam.SetSlot(layer.Weights, "v", Numerics.Reference.Random(layer.EdgeCount, (ulong)layer.Units));
            adam.SetSlot(layer.Bias, "m", Numerics.Reference.Random(layer.Units, 3));
        }

        Measure($"save of {saved.Layers.Sum(l => (long)l.EdgeCount)} edges", () => Checkpoint.Save(saved, path, adam));
        long bytes = new FileInfo(path).Length;
        output.WriteLine($"file: {bytes} bytes");
        Assert.True(bytes > int.MaxValue);

        var loaded = new GenericSparseModel(784, Specs(saved), initSeed: 8);
        var loadedAdam = new Adam(0.001);
        Measure("load", () => Checkpoint.Load(loaded, path, loadedAdam));

        Assert.Equal(adam.GetScalars(), loadedAdam.GetScalars());
        foreach (var (a, b) in saved.Layers.Zip(loaded.Layers))
        {
            Assert.True(Bits(a.Weights.Values).SequenceEqual(Bits(b.Weights.Values)), $"{a.Name}.weight differs");
            Assert.True(Bits(a.Bias.Values).SequenceEqual(Bits(b.Bias.Values)), $"{a.Name}.bias differs");
            foreach (string slot in adam.SlotNames)
            {
                Assert.True(Bits(adam.GetSlot(a.Weights, slot)).SequenceEqual(Bits(loadedAdam.GetSlot(b.Weights, slot))), $"{a.Name}.weight.{slot} differs");
                Assert.True(Bits(adam.GetSlot(a.Bias, slot)).SequenceEqual(Bits(loadedAdam.GetSlot(b.Bias, slot))), $"{a.Name}.bias.{slot} differs");
            }
        }
    }

    /// <summary>The SET example's layers (examples/SparseGen.Examples.Set), on the topologies of <paramref name="model"/> when given.</summary>
    private static List<LayerSpec> Specs(ISparseModel? model)
    {
        int[] sizes = [784, Hidden, Hidden, Hidden, 10];
        var specs = new List<LayerSpec>();
        for (int l = 1; l < sizes.Length; l++)
        {
            LayerSpec spec = ErdosRenyi.Layer($"Layer{l}", sizes[l - 1], sizes[l], 20, (ulong)l, l < sizes.Length - 1 ? Activation.Relu : Activation.Softmax);
            specs.Add(model?.Layers[l - 1].Kernel is SparseGen.Kernels.Generic.GenericLayerKernel kernel ? spec with { Topology = kernel.Topology } : spec);
        }

        return specs;
    }

    private static ReadOnlySpan<int> Bits(float[]? values) => MemoryMarshal.Cast<float, int>(values.AsSpan());

    /// <summary>Runs <paramref name="action"/> and reports its seconds and the process's peak resident memory meanwhile (Linux: the peak is reset first).</summary>
    private void Measure(string what, Action action)
    {
        GC.Collect();
        long resident = Environment.WorkingSet;
        File.WriteAllText("/proc/self/clear_refs", "5");
        var clock = Stopwatch.StartNew();
        action();
        double seconds = clock.Elapsed.TotalSeconds;
        string peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
        output.WriteLine($"{what}: {seconds:F1} s; resident before {resident / (1 << 20)} MiB, peak during ({peak.Split(':')[1].Trim()})");
    }
}
