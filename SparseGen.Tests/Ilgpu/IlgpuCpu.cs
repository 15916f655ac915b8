using System;
using System.Linq;
using SparseGen.Ilgpu;
using Xunit;

namespace SparseGen.Tests.Ilgpu;

/// <summary>The one ILGPU CPU accelerator the device tests share (kernels are loaded once per topology type in it).</summary>
internal static class IlgpuCpu
{
    private static readonly Lazy<IlgpuBackend> Opened = new(() => IlgpuBackend.Create(IlgpuDevice.Cpu));

    /// <summary>The backend; tests run one at a time on it (xunit runs a collection's tests sequentially).</summary>
    public static IlgpuBackend Backend => Opened.Value;

    /// <summary>
    /// Asserts that every value is within <paramref name="relative"/> of the largest magnitude of <paramref name="expected"/>
    /// (plus <paramref name="absolute"/>): the device sums in other orders than the host, and ILGPU's exp may differ in the last bits.
    /// </summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, float relative = 1e-5f, float absolute = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 0;
        foreach (float v in expected)
        {
            scale = MathF.Max(scale, MathF.Abs(v));
        }

        float tolerance = (relative * scale) + absolute;
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(MathF.Abs(expected[k] - actual[k]) <= tolerance, $"{what}[{k}]: expected {expected[k]}, got {actual[k]} (tolerance {tolerance})");
        }
    }
}

/// <summary>The device tests share one accelerator, which is not thread-safe, so they form one sequential collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IlgpuCollection
{
    public const string Name = "ILGPU";
}
