using System;

namespace SparseGen.Backends.Device;

/// <summary>One kernel of a built program, launched on a 1-D or 2-D range of work-items (CUDA threads).</summary>
public abstract class DeviceKernel
{
    /// <summary>Creates a kernel handle.</summary>
    protected DeviceKernel(string name) => Name = name;

    /// <summary>The kernel's name in its program.</summary>
    public string Name { get; }

    /// <summary>
    /// Queues the kernel on <c>globalX x globalY</c> work-items in work-groups (CUDA blocks) of
    /// <c>localX x localY</c>; the global sizes are rounded up to whole work-groups, so kernels check their
    /// bounds. Returns without waiting; work runs in queue order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="DeviceException">The launch failed (the message names the kernel and the error).</exception>
    public void Launch(int globalX, int globalY, int localX, int localY, params ReadOnlySpan<KernelArgument> arguments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalX, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(globalY, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(localX, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(localY, 1);
        Enqueue(RoundUp(globalX, localX), RoundUp(globalY, localY), localX, localY, arguments);
    }

    /// <summary>Queues the kernel on a 1-D range of <paramref name="global"/> work-items in work-groups of <paramref name="local"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    /// <exception cref="DeviceException">The launch failed.</exception>
    public void Launch(int global, int local, params ReadOnlySpan<KernelArgument> arguments) => Launch(global, 1, local, 1, arguments);

    /// <summary>Queues the kernel; the global sizes are multiples of the local sizes.</summary>
    protected abstract void Enqueue(int globalX, int globalY, int localX, int localY, ReadOnlySpan<KernelArgument> arguments);

    private static int RoundUp(int value, int multiple) => checked((value + multiple - 1) / multiple * multiple);
}
