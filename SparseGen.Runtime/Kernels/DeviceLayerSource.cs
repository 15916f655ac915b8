using System;
using System.Text;
using SparseGen.Core.Device;
using SparseGen.Kernels.Generic;

namespace SparseGen.Kernels;

/// <summary>
/// A layer's device kernels: one text that builds as OpenCL C 1.2 and as CUDA C++ (NVRTC), defining
/// <c>forward</c>, <c>backward_input</c>, <c>weight_gradient</c>, <c>weight_gradient_reduce</c> and <c>bias_gradient</c>
/// (<c>SparseGen.Backends.Device.DeviceNetwork</c> gives their ranges and arguments), and the order its weight buffer uses.
/// </summary>
/// <remarks>
/// Generated kernels bake the sizes and the topology into the text; the generic kernel of a
/// <see cref="GenericLayerKernel"/> reads the same k-major ELL tables from buffers (<see cref="IsGeneric"/>).
/// </remarks>
public sealed class DeviceLayerSource
{
    /// <summary>Creates the source of a generated layer.</summary>
    /// <param name="utf8Text">The kernel text, UTF-8.</param>
    /// <param name="layout">The order of the device weight buffer.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not a defined value.</exception>
    public DeviceLayerSource(ReadOnlySpan<byte> utf8Text, DeviceWeightLayout layout)
        : this(Encoding.UTF8.GetString(utf8Text), layout, null)
    {
    }

    private DeviceLayerSource(string text, DeviceWeightLayout layout, KMajorEll? tables)
    {
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown device weight layout.");
        }

        Text = text;
        Layout = layout;
        Tables = tables;
    }

    /// <summary>The kernel text, prelude included.</summary>
    public string Text { get; }

    /// <summary>The order of the device weight buffer.</summary>
    public DeviceWeightLayout Layout { get; }

    /// <summary>True when the kernels take the topology's tables and sizes as arguments instead of having them baked in.</summary>
    public bool IsGeneric => Tables is not null;

    /// <summary>The k-major ELL tables a generic kernel reads, null for generated kernels.</summary>
    internal KMajorEll? Tables { get; }

    /// <summary>The generic ELL kernel over <paramref name="topology"/>'s tables.</summary>
    internal static DeviceLayerSource Generic(Topology topology) =>
        new(DeviceSources.Prelude + DeviceSources.GenericEllParameters + DeviceSources.EllBody, DeviceWeightLayout.Ell, KMajorEll.Of(topology));
}
