using System;
using System.Globalization;
using ILGPU.Runtime;
using SparseGen.Ilgpu;
using SparseGen.Kernels;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;
using Xunit;

namespace SparseGen.Tests.Ilgpu;

/// <summary>Every test model layer's device kernels (generated, and the generic ones) on ILGPU's CPU accelerator against the layer's CPU kernel.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class LayerProgramTests
{
    /// <summary>
    /// Every layer of every test model at batches 1, 5, 32 and 130 with its generated kernels, and with the generic
    /// ones at 5 and 130; MnistSmall's 784 inputs only at 1 and 5 (the CPU accelerator takes about 6 us a work-item).
    /// </summary>
    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach ((string name, Func<ISparseModel> create) in Numerics.KernelTests.Models)
        {
            int[] batches = name == nameof(MnistSmall) ? [1, 5] : [1, 5, 32, 130];
            for (int layer = 0; layer < create().Layers.Count; layer++)
            {
                foreach (int batch in batches)
                {
                    data.Add($"{name}/{layer}", batch, true);
                    if (batch is 5 or 130)
                    {
                        data.Add($"{name}/{layer}", batch, false);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Device_kernels_equal_the_cpu_kernel(string layerName, int batch, bool generated)
    {
        string[] parts = layerName.Split('/');
        ILayerKernel kernel = Numerics.KernelTests.Models[parts[0]]().Layers[int.Parse(parts[1], CultureInfo.InvariantCulture)].Kernel;
        IlgpuBackend backend = IlgpuCpu.Backend;
        Accelerator device = backend.Accelerator;
        Assert.True(kernel is IIlgpuLayer, $"{layerName} has no generated ILGPU code");
        using LayerProgram program = generated ? ((IIlgpuLayer)kernel).Load(backend.Loader) : backend.Loader.Generic(kernel);
        float[] w = Reference.Random(kernel.EdgeCount, 1), bias = Reference.Random(kernel.Units, 2);
        float[] x = Reference.Random(kernel.Inputs * batch, 3), dz = Reference.Random(kernel.Units * batch, 4);
        float[] z = new float[kernel.Units * batch], dw = new float[kernel.EdgeCount], db = new float[kernel.Units], dx = new float[kernel.Inputs * batch];
        kernel.Forward(w, bias, x, z, batch);
        kernel.Backward(w, x, dz, dw, db, dx, batch);

        using var dW = device.Allocate1D(ToSlots(w, program));
        using var dBias = device.Allocate1D(bias);
        using var dX = device.Allocate1D(x);
        using var dDz = device.Allocate1D(dz);
        using var dZ = device.Allocate1D<float>(z.Length);
        using var dDw = device.Allocate1D<float>(program.SlotCount);
        using var dDwReduced = device.Allocate1D<float>(program.SlotCount);
        using var dDb = device.Allocate1D<float>(db.Length);
        using var dDx = device.Allocate1D<float>(dx.Length);
        program.Forward(dW.View, dBias.View, dX.View, dZ.View, batch);
        program.BackwardInput(dW.View, dDz.View, dDx.View, batch);
        program.WeightGradient(dX.View, dDz.View, dDw.View, batch, reduce: false);
        program.WeightGradient(dX.View, dDz.View, dDwReduced.View, batch, reduce: true);
        backend.Loader.BiasGradient(kernel.Units, dDz.View, dDb.View, batch);

        IlgpuCpu.Close(z, dZ.GetAsArray1D(), "z");
        IlgpuCpu.Close(dx, dDx.GetAsArray1D(), "dx");
        IlgpuCpu.Close(db, dDb.GetAsArray1D(), "db");
        IlgpuCpu.Close(dw, FromSlots(dDw.GetAsArray1D(), program, dw.Length), "dw");
        IlgpuCpu.Close(dw, FromSlots(dDwReduced.GetAsArray1D(), program, dw.Length), "dw (a group per slot)");
    }

    [Fact]
    public void A_shape_that_does_not_match_its_kernel_is_refused_with_the_sizes()
    {
        ILayerKernel kernel = new SmallUsn().Hidden.Kernel;

        var e = Assert.Throws<ArgumentException>(() => IlgpuCpu.Backend.Loader.Ell(kernel, new SparseGen.Ilgpu.Kernels.RuntimeShape(13, 9, 1, 1)));

        Assert.Contains("13 x 9", e.Message);
    }

    private static float[] ToSlots(float[] weights, LayerProgram program)
    {
        var slots = new float[program.SlotCount];
        for (int e = 0; e < weights.Length; e++)
        {
            slots[program.SlotOfWeight?[e] ?? e] = weights[e];
        }

        return slots;
    }

    private static float[] FromSlots(float[] slots, LayerProgram program, int edges)
    {
        var weights = new float[edges];
        for (int e = 0; e < edges; e++)
        {
            weights[e] = slots[program.SlotOfWeight?[e] ?? e];
        }

        return weights;
    }
}
