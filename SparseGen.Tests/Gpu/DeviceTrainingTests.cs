using System;
using System.Linq;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Tests.Numerics;
using Xunit;
using SparseGen.Backends.Device;

namespace SparseGen.Tests.Gpu;

/// <summary>The trainer's device path against its CPU path, step for step.</summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceTrainingTests
{
    public static TheoryData<string> Optimizers() => ["sgd", "momentum", "nesterov", "adam", "nadam"];

    [OpenClTheory]
    [MemberData(nameof(Optimizers))]
    public void Training_steps_on_the_device_equal_the_cpu_steps(string optimizer)
    {
        Dataset data = Data(48, 20, 5);
        float[][] cpu = Train(new EveryPattern(), optimizer, data, null);
        float[][] device = Train(new EveryPattern(), optimizer, data, OpenCl.Required);

        for (int p = 0; p < cpu.Length; p++)
        {
            // Training compounds rounding differences step by step: 1e-4 of the largest magnitude.
            LayerKernelTests.Close(cpu[p], device[p], $"parameter {p}", relative: 1e-4f, absolute: 0f);
        }
    }

    [OpenClFact]
    public void A_run_with_dropout_is_reproducible_and_learns()
    {
        Dataset data = Data(200, 6, 3);
        var a = new DropoutNet();
        var b = new DropoutNet();
        float[][] first = Train(a, "nadam", data, OpenCl.Required, epochs: 30);
        float[][] second = Train(b, "nadam", data, OpenCl.Required, epochs: 30);

        Assert.Equal(first, second);
        Assert.True(new Trainer(a, new Nadam(), Loss.CategoricalCrossEntropy).Evaluate(data).Accuracy > 0.6);
    }

    [OpenClFact]
    public void Validation_runs_on_the_device_and_agrees_with_the_host()
    {
        Dataset data = Data(96, 20, 5);
        ISparseModel model = new EveryPattern();
        model.Initialize(3);
        var trainer = new Trainer(model, new Nadam(0.01), Loss.CategoricalCrossEntropy) { Seed = 2, Backend = OpenCl.Required };

        EpochResult last = trainer.Fit(data, 3, 16, validation: data)[^1];
        Evaluation host = trainer.Evaluate(data);

        Assert.Equal(host.Accuracy, last.ValidationAccuracy!.Value, 6);
        Assert.Equal(host.Loss, last.ValidationLoss!.Value, 1e-4 * host.Loss);
    }

    [OpenClFact]
    public void A_diverging_step_throws_and_leaves_finite_weights()
    {
        ISparseModel model = new SmallUsn();
        model.Initialize(1);
        var trainer = new Trainer(model, new Sgd(1e38), Loss.CategoricalCrossEntropy) { Backend = OpenCl.Required };

        Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Data(64, 13, 4), 5, 16));
        Assert.All(model.Network.Parameters, p => Assert.All(p.Values, v => Assert.True(float.IsFinite(v))));
    }

    [OpenClFact]
    public void Optimizer_state_comes_back_to_the_host()
    {
        ISparseModel model = new SmallUsn();
        model.Initialize(1);
        var adam = new Adam();
        new Trainer(model, adam, Loss.CategoricalCrossEntropy) { Backend = OpenCl.Required }.Fit(Data(32, 13, 4), 1, 16);

        Assert.Equal(2, adam.StepCount);
        float[]? m = adam.GetSlot(model.Network.Parameters[0], "m");
        Assert.NotNull(m);
        Assert.Contains(m, v => v != 0);
    }

    private static float[][] Train(ISparseModel model, string optimizer, Dataset data, Accelerator? device, int epochs = 2)
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
        new Trainer(model, step, Loss.CategoricalCrossEntropy) { Seed = 5, WeightDecay = 1e-3, Backend = (IBackend?)device ?? new CpuBackend() }.Fit(data, epochs, 16);
        return model.Network.Parameters.Select(p => p.Values.ToArray()).ToArray();
    }

    /// <summary>A separable problem: the class is the argmax of the first <paramref name="classes"/> features.</summary>
    private static Dataset Data(int count, int features, int classes)
    {
        float[] x = Reference.Random(count * features, 9);
        int[] labels = Enumerable.Range(0, count).Select(s => Enumerable.Range(0, classes).MaxBy(c => x[(s * features) + c])).ToArray();
        return new Dataset(x, features, labels, classes);
    }
}
