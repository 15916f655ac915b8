using System;
using System.Linq;
using Xunit;
using SparseGen.Backends.Device;

namespace SparseGen.Tests.Gpu;

[Collection(DeviceCollection.Name)]
public sealed class AcceleratorTests
{
    private const string Scale = """
        __kernel void scale(__global float* a, int n, float factor)
        {
            int k = get_global_id(0);
            if (k < n) a[k] *= factor;
        }
        """;

    [OpenClFact]
    public void A_kernel_runs_on_a_buffer_and_the_result_comes_back()
    {
        Accelerator device = OpenCl.Required;
        float[] values = Enumerable.Range(0, 1000).Select(k => (float)k).ToArray();
        using DeviceBuffer<float> buffer = device.Upload<float>(values);

        device.Build(Scale)["scale"].Launch(values.Length, 64, buffer, values.Length, 2.5f);

        Assert.Equal(values.Select(v => v * 2.5f), buffer.ToArray());
    }

    [OpenClFact]
    public void A_program_is_built_once_per_accelerator()
    {
        Accelerator device = OpenCl.Required;
        Assert.Same(device.Build(Scale), device.Build(Scale));
    }

    [OpenClFact]
    public void A_program_that_does_not_build_throws_with_the_compiler_log()
    {
        var e = Assert.Throws<DeviceException>(() => OpenCl.Required.Build("__kernel void broken(__global float* a) { a[0] = undeclared; }"));

        Assert.Contains("did not build", e.Message);
        Assert.Contains("undeclared", e.BuildLog);
    }

    [OpenClFact]
    public void Asking_for_a_kernel_the_program_lacks_names_it()
    {
        var e = Assert.Throws<DeviceException>(() => OpenCl.Required.Build(Scale)["missing"]);
        Assert.Contains("'missing'", e.Message);
    }

    [OpenClFact]
    public void Copies_check_lengths_and_device_copies_and_clears_work()
    {
        Accelerator device = OpenCl.Required;
        using DeviceBuffer<int> a = device.Upload<int>([1, 2, 3]);
        using DeviceBuffer<int> b = device.Allocate<int>(3);

        b.CopyFrom(a);
        Assert.Equal([1, 2, 3], b.ToArray());
        a.Clear();
        Assert.Equal([0, 0, 0], a.ToArray());
        Assert.Throws<ArgumentException>(() => a.CopyFrom(new int[4]));
        Assert.Throws<ArgumentException>(() => a.CopyFrom(device.Allocate<int>(2)));
    }

    [OpenClFact]
    public void Measure_returns_the_device_time_of_the_queued_work()
    {
        Accelerator device = OpenCl.Required;
        using DeviceBuffer<float> buffer = device.Allocate<float>(1 << 20);
        DeviceKernel kernel = device.Build(Scale)["scale"];

        TimeSpan elapsed = device.Measure(() => kernel.Launch(buffer.Length, 64, buffer, buffer.Length, 1f));

        Assert.True(elapsed > TimeSpan.Zero, $"elapsed {elapsed}");
    }

    [Fact]
    public void An_unavailable_accelerator_is_reported_with_a_reason_not_a_crash()
    {
        // This machine (and CI) has no NVIDIA driver; where one exists the accelerator opens instead.
        bool found = Accelerator.TryCreate(AcceleratorKind.Cuda, out Accelerator? device, out string reason);
        using (device)
        {
            Assert.True(found || reason.StartsWith("No Cuda accelerator is available: ", StringComparison.Ordinal), reason);
            Assert.True(found == (device is not null));
        }
    }
}
