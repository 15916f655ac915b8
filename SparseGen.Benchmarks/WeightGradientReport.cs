using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SparseGen.Backends.Device;
using SparseGen.Core.Device;
using SparseGen.Core.Random;
using SparseGen.Kernels;

namespace SparseGen.Benchmarks;

/// <summary>
/// The device's two weight-gradient kernels side by side, timed by device events on the same buffers:
/// <c>weight_gradient</c> (one work-item per weight slot, looping over the batch) and
/// <c>weight_gradient_reduce</c> (a work-group per slot that splits the batch and sums its partial sums in a tree).
/// Prints a Markdown table; the batch from which the second is faster sets <c>DeviceNetwork.ReduceFromBatch</c>.
/// </summary>
internal static class WeightGradientReport
{
    private const int Repeats = 7;

    public static int Run()
    {
        string kind = Environment.GetEnvironmentVariable("SPARSEGEN_DEVICE") == "cuda" ? "cuda" : "opencl";
        if (!Accelerator.TryCreate(kind == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.OpenCL, out Accelerator? device, out string reason))
        {
            Console.Error.WriteLine($"error: {reason}");
            return 1;
        }

        using (device)
        {
            Console.WriteLine($"Weight gradient on {device}: median of {Repeats} device-timed launches, milliseconds.");
            Console.WriteLine();
            Console.WriteLine("| layer | batch | per slot | per work-group | speed-up |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach ((string name, Func<ILayerKernel> create) in DeviceCases.All.Where(c => c.Key.Contains("generated", StringComparison.Ordinal)))
            {
                ILayerKernel kernel = create();
                foreach (int batch in new[] { 32, 256, 1024, 4096 })
                {
                    (double slot, double group) = Measure(device!, kernel, batch);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name.Replace(" | ", " ", StringComparison.Ordinal)} | {batch} | {slot:F3} | {group:F3} | {slot / group:F2}x |"));
                }
            }
        }

        return 0;
    }

    private static (double Slot, double Group) Measure(Accelerator device, ILayerKernel kernel, int batch)
    {
        DeviceProgram program = device.Build(kernel.DeviceSource.Text);
        int slots = kernel.DeviceSource.Layout == DeviceWeightLayout.KernelOrder ? kernel.EdgeCount : SlotCount(kernel);
        var rng = new Xoshiro256StarStar(3);
        using DeviceBuffer<float> x = device.Upload<float>(Enumerable.Range(0, kernel.Inputs * batch).Select(_ => rng.NextSingle()).ToArray());
        using DeviceBuffer<float> dz = device.Upload<float>(Enumerable.Range(0, kernel.Units * batch).Select(_ => rng.NextSingle() - 0.5f).ToArray());
        using DeviceBuffer<float> dw = device.Allocate<float>(slots);
        double Time(Action launch) => Enumerable.Range(0, Repeats).Select(_ => device.Measure(launch).TotalMilliseconds).Order().ElementAt(Repeats / 2);
        double slot = Time(() => program["weight_gradient"].Launch(slots, 64, x, dz, dw, batch));
        double group = Time(() => program["weight_gradient_reduce"].Launch(slots * DeviceSources.ReduceGroupSize, DeviceSources.ReduceGroupSize, x, dz, dw, batch));
        return (slot, group);
    }

    /// <summary>The k-major ELL slot count: the widest unit's fan-in times the units.</summary>
    private static int SlotCount(ILayerKernel kernel)
    {
        var inputs = new int[kernel.EdgeCount];
        var units = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, units);
        var fanIn = new int[kernel.Units];
        foreach (int j in units)
        {
            fanIn[j]++;
        }

        return fanIn.Max() * kernel.Units;
    }
}
