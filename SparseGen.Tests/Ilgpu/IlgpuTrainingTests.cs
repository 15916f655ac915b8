using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core.Random;
using SparseGen.Ilgpu;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;
using Xunit;

namespace SparseGen.Tests.Ilgpu;

/// <summary>Whole networks and the trainer on ILGPU's CPU accelerator against the CPU backend.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuTrainingTests
{
    public static TheoryData<string> Networks() => new(Create.Keys);

    public static TheoryData<string> Optimizers() => ["sgd", "momentum", "nesterov", "adam", "nadam"];

    private static readonly Dictionary<string, Func<ISparseModel>> Create = new()
    {
        [nameof(EveryPattern)] = () => new EveryPattern(),
        [nameof(ExplicitStrategies)] = () => new ExplicitStrategies(),
        [nameof(SmallUsn)] = () => new SmallUsn(),
        ["Generic EveryPattern"] = () => Generic(new EveryPattern()),
        [nameof(AllReluNet)] = () => new AllReluNet(),
        ["Generic AllReluNet"] = () => Generic(new AllReluNet()),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Forward_and_gradients_equal_the_cpu_network(string name)
    {
        ISparseModel model = Create[name]();
        model.Initialize(7);
        SparseNetwork network = model.Network;
        const int Batch = 19;
        float[] x = Reference.Random(model.InputCount * Batch, 5), dz = Reference.Random(model.OutputCount * Batch, 6);
        float[] expected = network.Forward(x, Batch, null).ToArray();
        network.Backward(dz, Batch);
        float[][] gradients = network.Parameters.Select(p => p.Gradients.ToArray()).ToArray();
        using var device = (IlgpuTraining)IlgpuCpu.Backend.Open(network);

        float[] actual = device.Forward(x, Batch, null).ToArray();
        device.Backward(dz, Batch);
        device.DownloadGradients();

        IlgpuCpu.Close(expected, actual, "output");
        for (int p = 0; p < gradients.Length; p++)
        {
            IlgpuCpu.Close(gradients[p], network.Parameters[p].Gradients, network.Parameters[p].Name);
        }
    }

    [Fact]
    public void Parameters_round_trip_through_the_device_layout()
    {
        ISparseModel model = new EveryPattern();
        model.Initialize(3);
        float[][] before = model.Network.Parameters.Select(p => p.Values.ToArray()).ToArray();
        using ITrainingBackend device = IlgpuCpu.Backend.Open(model.Network);
        foreach (Parameter p in model.Network.Parameters)
        {
            Array.Clear(p.Values);
        }

        device.DownloadParameters();

        Assert.Equal(before, model.Network.Parameters.Select(p => p.Values));
    }

    [Fact]
    public void The_same_seed_gives_the_same_dropout_masks_on_the_cpu_and_the_device()
    {
        ISparseModel model = new DropoutNet();
        model.Initialize(1);
        const int Batch = 64;
        float[] x = Reference.Random(model.InputCount * Batch, 2), dz = Reference.Random(model.OutputCount * Batch, 3);
        float[] cpu = model.Network.Forward(x, Batch, new Xoshiro256StarStar(42)).ToArray();
        model.Network.Backward(dz, Batch);
        float[] cpuGradient = model.Network.Parameters[0].Gradients.ToArray();
        using var device = (IlgpuTraining)IlgpuCpu.Backend.Open(model.Network);

        float[] same = device.Forward(x, Batch, new Xoshiro256StarStar(42)).ToArray();
        device.Backward(dz, Batch);
        device.DownloadGradients();
        float[] other = device.Forward(x, Batch, new Xoshiro256StarStar(43)).ToArray();
        float[] none = device.Forward(x, Batch, null).ToArray();

        IlgpuCpu.Close(cpu, same, "output with dropout");
        IlgpuCpu.Close(cpuGradient, model.Network.Parameters[0].Gradients, "first layer's weight gradient through the dropped units");
        Assert.NotEqual(same, other);
        Assert.NotEqual(same, none);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Training_steps_on_the_device_equal_the_cpu_steps(string optimizer)
    {
        Dataset data = Data(48, 20, 5);
        float[][] cpu = Train(new EveryPattern(), optimizer, data, new CpuBackend());
        float[][] device = Train(new EveryPattern(), optimizer, data, IlgpuCpu.Backend);

        for (int p = 0; p < cpu.Length; p++)
        {
            // Training compounds rounding differences step by step: 1e-4 of the largest magnitude.
            IlgpuCpu.Close(cpu[p], device[p], $"parameter {p}", relative: 1e-4f, absolute: 0f);
        }
    }

    [Fact]
    public void A_run_with_dropout_equals_the_cpu_run_and_learns()
    {
        Dataset data = Data(200, 6, 3);
        var cpuModel = new DropoutNet();
        var deviceModel = new DropoutNet();
        float[][] cpu = Train(cpuModel, "nadam", data, new CpuBackend(), epochs: 10);
        float[][] device = Train(deviceModel, "nadam", data, IlgpuCpu.Backend, epochs: 10);

        for (int p = 0; p < cpu.Length; p++)
        {
            IlgpuCpu.Close(cpu[p], device[p], $"parameter {p}", relative: 1e-3f, absolute: 0f);
        }

        Assert.True(new Trainer(deviceModel, new Nadam(), Loss.CategoricalCrossEntropy).Evaluate(data).Accuracy > 0.6);
    }

    [Fact]
    public void Validation_runs_on_the_device_and_agrees_with_the_host()
    {
        Dataset data = Data(96, 20, 5);
        ISparseModel model = new EveryPattern();
        model.Initialize(3);
        var trainer = new Trainer(model, new Nadam(0.01), Loss.CategoricalCrossEntropy) { Seed = 2, Backend = IlgpuCpu.Backend };

        EpochResult last = trainer.Fit(data, 2, 16, validation: data)[^1];
        Evaluation host = trainer.Evaluate(data);

        Assert.Equal(host.Accuracy, last.ValidationAccuracy!.Value, 6);
        Assert.Equal(host.Loss, last.ValidationLoss!.Value, 1e-4 * host.Loss);
    }

    [Fact]
    public void A_diverging_step_throws_and_leaves_finite_weights()
    {
        ISparseModel model = new SmallUsn();
        model.Initialize(1);
        var trainer = new Trainer(model, new Sgd(1e38), Loss.CategoricalCrossEntropy) { Backend = IlgpuCpu.Backend };

        Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Data(64, 13, 4), 5, 16));
        Assert.All(model.Network.Parameters, p => Assert.All(p.Values, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void Optimizer_state_comes_back_to_the_host()
    {
        ISparseModel model = new SmallUsn();
        model.Initialize(1);
        var adam = new Adam();
        new Trainer(model, adam, Loss.CategoricalCrossEntropy) { Backend = IlgpuCpu.Backend }.Fit(Data(32, 13, 4), 1, 16);

        Assert.Equal(2, adam.StepCount);
        float[]? m = adam.GetSlot(model.Network.Parameters[0], "m");
        Assert.NotNull(m);
        Assert.Contains(m, v => v != 0);
    }

    [Fact]
    public void An_absent_device_is_one_message_that_names_what_to_use()
    {
        Assert.False(IlgpuBackend.TryCreate(IlgpuDevice.Cuda, out IlgpuBackend? backend, out string reason));

        Assert.Null(backend);
        Assert.Contains("CUDA", reason);
        Assert.Contains("--device", reason);
    }

    private static float[][] Train(ISparseModel model, string optimizer, Dataset data, IBackend backend, int epochs = 2)
    {
        model.Initialize(11);
        Optimizer step = optimizer switch
        {
            "sgd" => new Sgd(0.1),
            "momentum" => new Sgd(0.05, 0.9),
            "nesterov" => new Sgd(0.05, 0.9, nesterov: true),
            "adam" => new Adam(0.01),
            _ => new Nadam(0.01),
        };
        new Trainer(model, step, Loss.CategoricalCrossEntropy) { Seed = 5, WeightDecay = 1e-3, Backend = backend }.Fit(data, epochs, 16);
        return model.Network.Parameters.Select(p => p.Values.ToArray()).ToArray();
    }

    /// <summary>A separable problem: the class is the argmax of the first <paramref name="classes"/> features.</summary>
    private static Dataset Data(int count, int features, int classes)
    {
        float[] x = Reference.Random(count * features, 9);
        int[] labels = Enumerable.Range(0, count).Select(s => Enumerable.Range(0, classes).MaxBy(c => x[(s * features) + c])).ToArray();
        return new Dataset(x, features, labels, classes);
    }

    private static GenericSparseModel Generic(ISparseModel model) => new(model.InputCount,
        model.Layers.Select(l => LayerSpec.Of(l)).ToArray(), 0, SparseFormat.Ell);
}
