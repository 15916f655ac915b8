using SparseGen;
using SparseGen.Backends;
using SparseGen.Tests.Set;

namespace SparseGen.Tests.Ilgpu;

/// <summary>SET and NPSET on ILGPU's CPU accelerator against the CPU backend: rewiring and shrinking re-upload the tables.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class SetTests
{
    [Fact]
    public void Device_evolution_equals_cpu_evolution()
    {
        Dataset data = SetModels.Data(96, 24, 4);
        var (cpu, cpuAdam, cpuEvolution) = Train(null, data);
        var (device, deviceAdam, deviceEvolution) = Train(IlgpuCpu.Backend, data);

        // The same edges were removed and added, the same neurons pruned (the device re-uploads its tables after each step) ...
        Assert.Equal(cpu.Layers.Select(l => l.Fingerprint), device.Layers.Select(l => l.Fingerprint));
        Assert.Equal(cpuEvolution.History.Select(s => s.Units), deviceEvolution.History.Select(s => s.Units));
        Assert.True(device.Layers[0].Units < 20);

        // ... and training on the new tables computes what the CPU computes.
        for (int p = 0; p < cpu.Network.Parameters.Count; p++)
        {
            IlgpuCpu.Close(cpu.Network.Parameters[p].Values, device.Network.Parameters[p].Values, $"parameter {p}", relative: 1e-4f, absolute: 0f);
            IlgpuCpu.Close(cpuAdam.GetSlot(cpu.Network.Parameters[p], "m")!, deviceAdam.GetSlot(device.Network.Parameters[p], "m")!, $"slot m of {p}", relative: 1e-3f, absolute: 0f);
        }
    }

    private static (GenericSparseModel Model, Adam Optimizer, SparseEvolution Evolution) Train(IBackend? backend, Dataset data)
    {
        GenericSparseModel model = SetModels.Mlp(24, [20, 16], 4, epsilon: 2, format: SparseFormat.Ell);
        var adam = new Adam(0.01);
        var evolution = new SparseEvolution(0.3, 8) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 1, gamma: 2), EvolveOutputLayer = true };
        var trainer = new Trainer(model, adam, Loss.CategoricalCrossEntropy) { Seed = 3, Evolution = evolution, Backend = backend ?? new SparseGen.Backends.Cpu.CpuBackend() };
        trainer.Fit(data, 4, 16);
        return (model, adam, evolution);
    }
}
