using System;
using System.Collections.Generic;
using SparseGen.Backends.Device.Cuda;
using SparseGen.Backends.Device.OpenCl;
using SparseGen.Networks;

namespace SparseGen.Backends.Device;

/// <summary>
/// A compute device (a GPU, or a CPU through PoCL) that runs SparseGen's kernels: device buffers, programs built
/// from OpenCL C / CUDA C text (cached per accelerator), kernel launches in one in-order queue, and timing by
/// device events. Not thread-safe: one thread drives an accelerator at a time.
/// </summary>
/// <example>
/// <code>
/// if (!Accelerator.TryCreate(AcceleratorKind.OpenCL, out Accelerator? device, out string reason))
///     Console.WriteLine(reason);
/// </code>
/// </example>
public abstract class Accelerator : IBackend, IDisposable
{
    private readonly Dictionary<string, DeviceProgram> _programs = new(StringComparer.Ordinal);
    private bool _disposed;

    static Accelerator() => NativeLibraries.Register();

    /// <summary>Creates the common state of an accelerator.</summary>
    protected Accelerator(AcceleratorKind kind, string deviceName)
    {
        Kind = kind;
        DeviceName = deviceName;
    }

    /// <summary>The API this accelerator goes through.</summary>
    public AcceleratorKind Kind { get; }

    /// <summary>The device's name as its driver reports it (with the platform for OpenCL).</summary>
    public string DeviceName { get; }

    /// <inheritdoc />
    public string Name => DeviceName;

    /// <summary>Builds <paramref name="network"/>'s kernels on this device and uploads its parameters: a <see cref="DeviceNetwork"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="DeviceException">A program does not build (the message holds the build log) or a device call fails.</exception>
    public ITrainingBackend Open(SparseNetwork network) => new DeviceNetwork(this, network);

    /// <summary>Opens the first device of <paramref name="kind"/> (for OpenCL, the first GPU, else the first device of any type).</summary>
    /// <exception cref="AcceleratorUnavailableException">The library is not installed or no device is present; the message says which.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined value.</exception>
    public static Accelerator Create(AcceleratorKind kind)
    {
        NativeLibraries.Register();
        return kind switch
        {
            AcceleratorKind.OpenCL => OpenClAccelerator.Open(),
            AcceleratorKind.Cuda => CudaAccelerator.Open(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown accelerator kind."),
        };
    }

    /// <summary>Tries <see cref="Create"/>: false, with the reason, when no such accelerator is available.</summary>
    public static bool TryCreate(AcceleratorKind kind, out Accelerator? accelerator, out string reason)
    {
        try
        {
            accelerator = Create(kind);
            reason = "";
            return true;
        }
        catch (AcceleratorUnavailableException e)
        {
            accelerator = null;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Allocates a buffer of <paramref name="length"/> elements (contents undefined until written or cleared).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="DeviceException">The device is out of memory or the call failed.</exception>
    public DeviceBuffer<T> Allocate<T>(int length)
        where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return AllocateBuffer<T>(length);
    }

    /// <summary>Allocates a buffer holding a copy of <paramref name="values"/>.</summary>
    /// <exception cref="DeviceException">The device is out of memory or the call failed.</exception>
    public DeviceBuffer<T> Upload<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        DeviceBuffer<T> buffer = Allocate<T>(values.Length);
        buffer.CopyFrom(values);
        return buffer;
    }

    /// <summary>Builds <paramref name="source"/> for this device, or returns the program already built from the same text.</summary>
    /// <exception cref="DeviceException">The program does not build; the message and <see cref="DeviceException.BuildLog"/> hold the compiler's log.</exception>
    public DeviceProgram Build(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_programs.TryGetValue(source, out DeviceProgram? program))
        {
            program = Compile(source);
            _programs[source] = program;
        }

        return program;
    }

    /// <summary>Waits until all queued work is done.</summary>
    /// <exception cref="DeviceException">A queued command failed.</exception>
    public abstract void Synchronize();

    /// <summary>
    /// Runs <paramref name="work"/>, which queues device work, and returns the device time between an event
    /// recorded before it and one after it (OpenCL markers with profiling, CUDA events); waits for the work.
    /// </summary>
    /// <exception cref="DeviceException">A device call failed.</exception>
    public abstract TimeSpan Measure(Action work);

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {DeviceName}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Allocates a buffer.</summary>
    protected abstract DeviceBuffer<T> AllocateBuffer<T>(int length)
        where T : unmanaged;

    /// <summary>Compiles and links <paramref name="source"/>.</summary>
    protected abstract DeviceProgram Compile(string source);

    /// <summary>Frees the device context and everything built in it.</summary>
    protected abstract void Release();
}
