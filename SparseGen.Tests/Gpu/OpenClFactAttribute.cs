using System;
using Xunit;
using SparseGen.Backends.Device;

namespace SparseGen.Tests.Gpu;

/// <summary>A fact that needs an OpenCL platform (PoCL in CI); it is skipped, with the reason, where none exists.</summary>
public sealed class OpenClFactAttribute : FactAttribute
{
    public OpenClFactAttribute()
    {
        if (OpenCl.Device is null)
        {
            Skip = OpenCl.Reason;
        }
    }
}

/// <summary>A theory that needs an OpenCL platform; skipped with the reason where none exists.</summary>
public sealed class OpenClTheoryAttribute : TheoryAttribute
{
    public OpenClTheoryAttribute()
    {
        if (OpenCl.Device is null)
        {
            Skip = OpenCl.Reason;
        }
    }
}

/// <summary>The one OpenCL accelerator the tests share (programs are cached in it), opened on first use.</summary>
internal static class OpenCl
{
    private static readonly Lazy<(Accelerator? Device, string Reason)> Opened = new(() =>
    {
        bool found = Accelerator.TryCreate(AcceleratorKind.OpenCL, out Accelerator? device, out string reason);
        return (found ? device : null, reason);
    });

    public static Accelerator? Device => Opened.Value.Device;

    public static string Reason => Opened.Value.Reason;

    /// <summary>The accelerator; tests run one at a time on it (xunit runs a collection's tests sequentially).</summary>
    public static Accelerator Required => Device ?? throw new InvalidOperationException(Reason);
}

/// <summary>Device tests share one accelerator, which is not thread-safe, so they form one sequential collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeviceCollection
{
    public const string Name = "Device";
}
