using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Tests.Numerics;
using Xunit;
using SparseGen.Backends.Device;
using SparseGen.Networks;

namespace SparseGen.Tests.Gpu;

/// <summary>Whole networks on OpenCL (generated kernels, and the generic ELL kernel) against the CPU network.</summary>
[Collection(DeviceCollection.Name)]
public sealed class DeviceNetworkTests
{
    public static TheoryData<string> Networks() => new(Create.Keys);

    private static readonly Dictionary<string, Func<ISparseModel>> Create = new(Numerics.KernelTests.Models)
    {
        ["Generic EveryPattern"] = () => Generic(new EveryPattern()),
        ["Generic MnistSmall"] = () => Generic(new MnistSmall()),
    };

    [OpenClTheory]
    [MemberData(nameof(Networks))]
    public void Forward_and_gradients_equal_the_cpu_network(string name)
    {
        ISparseModel model = Create[name]();
        model.Initialize(7);
        SparseNetwork network = model.Network;
        const int batch = 19;
        float[] x = Reference.Random(model.InputCount * batch, 5), dz = Reference.Random(model.OutputCount * batch, 6);
        float[] expected = network.Forward(x, batch, null).ToArray();
        network.Backward(dz, batch);
        float[][] gradients = network.Parameters.Select(p => p.Gradients.ToArray()).ToArray();
        using var device = new DeviceNetwork(OpenCl.Required, network);

        float[] actual = device.Forward(x, batch, null).ToArray();
        device.Backward(dz, batch);
        device.DownloadGradients();

        LayerKernelTests.Close(expected, actual, "output");
        for (int p = 0; p < gradients.Length; p++)
        {
            LayerKernelTests.Close(gradients[p], network.Parameters[p].Gradients, network.Parameters[p].Name);
        }
    }

    [OpenClFact]
    public void Parameters_round_trip_through_the_device_layout()
    {
        ISparseModel model = new EveryPattern();
        model.Initialize(3);
        float[][] before = model.Network.Parameters.Select(p => p.Values.ToArray()).ToArray();
        using var device = new DeviceNetwork(OpenCl.Required, model.Network);
        foreach (Parameter p in model.Network.Parameters)
        {
            Array.Clear(p.Values);
        }

        device.DownloadParameters();

        Assert.Equal(before, model.Network.Parameters.Select(p => p.Values));
    }

    [OpenClFact]
    public void Dropout_masks_are_reproducible_from_the_key_and_drop_about_the_rate()
    {
        ISparseModel model = new DropoutNet();
        model.Initialize(1);
        using var device = new DeviceNetwork(OpenCl.Required, model.Network);
        float[] x = Reference.Random(model.InputCount * 64, 2);

        float[] first = device.Forward(x, 64, 42).ToArray();
        float[] again = device.Forward(x, 64, 42).ToArray();
        float[] other = device.Forward(x, 64, 43).ToArray();
        float[] none = device.Forward(x, 64, null).ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first, none);
    }

    private static GenericSparseModel Generic(ISparseModel model) => new(model.InputCount,
        model.Layers.Select(l => new LayerSpec(l.Name, l.Pattern, l.Units, l.Density, l.Seed, l.Activation, l.Dropout)).ToArray(), 0, SparseFormat.Ell);
}
