using System;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using SparseGen.Backends;
using SparseGen.Networks;

namespace SparseGen.Ilgpu;

/// <summary>
/// An accelerator that trains and runs SparseGen networks through ILGPU: give it to a trainer as its backend, or
/// <see cref="Open"/> a network yourself. One ILGPU context and accelerator, and the layer kernels loaded on it.
/// Not thread-safe: one thread drives a backend at a time.
/// </summary>
/// <example>
/// <code>
/// if (!IlgpuBackend.TryCreate(IlgpuDevice.Cuda, out IlgpuBackend? gpu, out string reason))
///     Console.Error.WriteLine(reason);
/// </code>
/// </example>
public sealed class IlgpuBackend : IBackend, IDisposable
{
    /// <summary>The fewest threads per group the kernels need (the dense kernels' 16 x 16 tiles).</summary>
    private const int GroupThreads = 256;

    private readonly Context _context;
    private bool _disposed;

    private IlgpuBackend(IlgpuDevice device, Context context, Accelerator accelerator)
    {
        Device = device;
        _context = context;
        Accelerator = accelerator;
        Loader = new KernelLoader(accelerator);
    }

    /// <summary>The kind of accelerator.</summary>
    public IlgpuDevice Device { get; }

    /// <summary>The ILGPU accelerator.</summary>
    public Accelerator Accelerator { get; }

    /// <inheritdoc />
    public string Name => $"{Device}: {Accelerator.Name}";

    /// <summary>The loader of layer kernels on <see cref="Accelerator"/>.</summary>
    public KernelLoader Loader { get; }

    /// <summary>Opens the first accelerator of <paramref name="device"/>'s kind.</summary>
    /// <exception cref="DeviceUnavailableException">There is no such device, or its driver is missing; the message says which.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="device"/> is not a defined value.</exception>
    public static IlgpuBackend Create(IlgpuDevice device)
    {
        if (!Enum.IsDefined(device))
        {
            throw new ArgumentOutOfRangeException(nameof(device), device, "Unknown ILGPU device kind.");
        }

        Context context = Context.Create(builder =>
        {
            builder.EnableAlgorithms();
            _ = device switch
            {
                IlgpuDevice.Cpu => builder.CPU(),
                IlgpuDevice.Cuda => builder.Cuda(),
                _ => builder.OpenCL(),
            };
        });
        try
        {
            Device? chosen = device switch
            {
                IlgpuDevice.Cpu => Smallest(context.GetCPUDevices()),
                IlgpuDevice.Cuda => First(context.GetCudaDevices(), _ => true),
                _ => First(context.GetCLDevices(), _ => true),
            };
            if (chosen is null)
            {
                throw new DeviceUnavailableException(device switch
                {
                    IlgpuDevice.Cuda => "No CUDA device found (ILGPU needs an NVIDIA GPU and its driver, libcuda); use --device ilgpu-cpu or cpu.",
                    IlgpuDevice.OpenCL => "No OpenCL 2.0+ device that ILGPU supports was found (OpenCL 1.2 devices such as PoCL's are not); use --device ilgpu-cpu or cpu.",
                    _ => "ILGPU offers no CPU accelerator here.",
                });
            }

            return new IlgpuBackend(device, context, chosen.CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Tries <see cref="Create"/>: false, with the reason, when no such accelerator is available.</summary>
    public static bool TryCreate(IlgpuDevice device, out IlgpuBackend? backend, out string reason)
    {
        try
        {
            backend = Create(device);
            reason = "";
            return true;
        }
        catch (DeviceUnavailableException e)
        {
            backend = null;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Loads <paramref name="network"/>'s kernels on this accelerator and uploads its parameters: an <see cref="IlgpuTraining"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public ITrainingBackend Open(SparseNetwork network)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new IlgpuTraining(this, network);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// The CPU device that runs a group of <see cref="GroupThreads"/> with warps of 32, as a GPU does, with the fewest
    /// threads per group: ILGPU's CPU accelerator starts that many threads, and more only compete for the cores.
    /// </summary>
    private static Device? Smallest(Context.DeviceCollection<CPUDevice> devices)
    {
        CPUDevice? best = null;
        foreach (CPUDevice device in devices)
        {
            if (device.MaxNumThreadsPerGroup >= GroupThreads && device.WarpSize == 32 && (best is null || device.MaxNumThreadsPerGroup < best.MaxNumThreadsPerGroup))
            {
                best = device;
            }
        }

        return best;
    }

    private static Device? First<TDevice>(Context.DeviceCollection<TDevice> devices, Func<TDevice, bool> accept)
        where TDevice : Device
    {
        foreach (TDevice device in devices)
        {
            if (accept(device))
            {
                return device;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Accelerator.Dispose();
            _context.Dispose();
        }
    }
}
