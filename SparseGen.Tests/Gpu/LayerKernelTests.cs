using System;
using SparseGen.Core.Device;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Tests.Numerics;
using Xunit;
using SparseGen.Backends.Device;
using SparseGen.Kernels;

namespace SparseGen.Tests.Gpu;

/// <summary>Every generated layer's device kernels, launched one by one on OpenCL, against the layer's CPU kernel.</summary>
[Collection(DeviceCollection.Name)]
public sealed class LayerKernelTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach ((string name, Func<ISparseModel> create) in Numerics.KernelTests.Models)
        {
            for (int layer = 0; layer < create().Layers.Count; layer++)
            {
                foreach (int batch in new[] { 1, 5, 40, 130 })
                {
                    data.Add($"{name}/{layer}", batch);
                }
            }
        }

        return data;
    }

    [OpenClTheory]
    [MemberData(nameof(Cases))]
    public void Device_kernels_equal_the_cpu_kernel(string layerName, int batch)
    {
        string[] parts = layerName.Split('/');
        ILayerKernel kernel = Numerics.KernelTests.Models[parts[0]]().Layers[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)].Kernel;
        Accelerator device = OpenCl.Required;
        int[] slots = Slots(kernel, out int slotCount);
        float[] w = Reference.Random(kernel.EdgeCount, 1), bias = Reference.Random(kernel.Units, 2);
        float[] x = Reference.Random(kernel.Inputs * batch, 3), dz = Reference.Random(kernel.Units * batch, 4);
        float[] z = new float[kernel.Units * batch], dw = new float[kernel.EdgeCount], db = new float[kernel.Units], dx = new float[kernel.Inputs * batch];
        kernel.Forward(w, bias, x, z, batch);
        kernel.Backward(w, x, dz, dw, db, dx, batch);

        DeviceProgram program = device.Build(kernel.DeviceSource.Text);
        using DeviceBuffer<float> dW = device.Upload<float>(ToSlots(w, slots, slotCount)), dBias = device.Upload<float>(bias);
        using DeviceBuffer<float> dX = device.Upload<float>(x), dDz = device.Upload<float>(dz);
        using DeviceBuffer<float> dZ = device.Allocate<float>(z.Length), dDw = device.Allocate<float>(slotCount);
        using DeviceBuffer<float> dDb = device.Allocate<float>(db.Length), dDx = device.Allocate<float>(dx.Length);
        program["forward"].Launch(batch, kernel.Units, 8, 8, dW, dBias, dX, dZ, batch);
        program["backward_input"].Launch(batch, kernel.Inputs, 8, 8, dW, dDz, dDx, batch);
        program["weight_gradient"].Launch(slotCount, 64, dX, dDz, dDw, batch);
        program["bias_gradient"].Launch(kernel.Units, 64, dDz, dDb, batch);

        Close(z, dZ.ToArray(), "z");
        Close(dx, dDx.ToArray(), "dx");
        Close(db, dDb.ToArray(), "db");
        float[] slotGradients = dDw.ToArray();
        Close(dw, slots.Select(s => slotGradients[s]).ToArray(), "dW");
        Assert.All(Enumerable.Range(0, slotCount).Except(slots), s => Assert.Equal(0f, slotGradients[s]));

        using DeviceBuffer<float> dDwReduced = device.Allocate<float>(slotCount);
        program["weight_gradient_reduce"].Launch(slotCount * DeviceSources.ReduceGroupSize, DeviceSources.ReduceGroupSize, dX, dDz, dDwReduced, batch);
        float[] reduced = dDwReduced.ToArray();
        Close(dw, slots.Select(s => reduced[s]).ToArray(), "dW by work-group reduction");
        Assert.All(Enumerable.Range(0, slotCount).Except(slots), s => Assert.Equal(0f, reduced[s]));
    }

    /// <summary>The device slot of each host weight, from the documented layouts (not from the runtime's own code).</summary>
    internal static int[] Slots(ILayerKernel kernel, out int slotCount)
    {
        if (kernel.DeviceSource.Layout == DeviceWeightLayout.KernelOrder)
        {
            slotCount = kernel.EdgeCount;
            return Enumerable.Range(0, kernel.EdgeCount).ToArray();
        }

        (int[] _, int[] outputs) = Reference.WeightEdges(kernel);
        var rank = new int[kernel.Units];
        int[] slots = outputs.Select(j => (rank[j]++ * kernel.Units) + j).ToArray();
        slotCount = rank.Max() * kernel.Units;
        return slots;
    }

    internal static float[] ToSlots(float[] weights, int[] slots, int slotCount)
    {
        var values = new float[slotCount];
        for (int e = 0; e < weights.Length; e++)
        {
            values[slots[e]] = weights[e];
        }

        return values;
    }

    /// <summary>
    /// Equal up to float rounding of sums taken in another order: within <paramref name="relative"/> of the largest
    /// magnitude plus <paramref name="absolute"/> (by default 1e-5 and 1e-6).
    /// </summary>
    internal static void Close(IReadOnlyList<float> expected, IReadOnlyList<float> actual, string what, float relative = 1e-5f, float absolute = 1e-6f)
    {
        Assert.Equal(expected.Count, actual.Count);
        float scale = expected.Count == 0 ? 0 : expected.Max(MathF.Abs);
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.True(MathF.Abs(expected[k] - actual[k]) <= (relative * scale) + absolute, $"{what}[{k}]: expected {expected[k]}, device {actual[k]}");
        }
    }
}
