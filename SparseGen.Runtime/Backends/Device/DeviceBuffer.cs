using System;
using SparseGen.Kernels;
using SparseGen.Core;

namespace SparseGen.Backends.Device;

/// <summary>
/// An array of <typeparamref name="T"/> in an accelerator's memory. Copies to and from the host block until done;
/// a kernel reads it when the buffer is passed as a <see cref="KernelArgument"/>. Dispose to free the memory.
/// </summary>
/// <typeparam name="T">The element type (<c>float</c> or <c>int</c> for SparseGen's kernels).</typeparam>
public abstract class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private bool _disposed;

    /// <summary>Creates the handle of a buffer of <paramref name="length"/> elements.</summary>
    protected DeviceBuffer(int length) => Length = length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The backend's handle (an OpenCL <c>cl_mem</c> or a CUDA device pointer).</summary>
    protected internal abstract long Handle { get; }

    /// <summary>Passes the buffer to a kernel.</summary>
    public static implicit operator KernelArgument(DeviceBuffer<T> buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ObjectDisposedException.ThrowIf(buffer._disposed, buffer);
        return KernelArgument.Buffer(buffer.Handle);
    }

    /// <summary>Copies <paramref name="source"/> into the first <c>source.Length</c> elements.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is longer than the buffer.</exception>
    /// <exception cref="DeviceException">The copy failed.</exception>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        CheckRange(source.Length);
        if (source.Length > 0)
        {
            Write(source);
        }
    }

    /// <summary>Copies the first <c>destination.Length</c> elements into <paramref name="destination"/>, after the work queued before.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is longer than the buffer.</exception>
    /// <exception cref="DeviceException">The copy failed.</exception>
    public void CopyTo(Span<T> destination)
    {
        CheckRange(destination.Length);
        if (destination.Length > 0)
        {
            Read(destination);
        }
    }

    /// <summary>Copies all of <paramref name="source"/> (the same length) on the device.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="DeviceException">The copy failed.</exception>
    public void CopyFrom(DeviceBuffer<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Checks.Length(nameof(source), source.Length, Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Length > 0)
        {
            CopyOnDevice(source);
        }
    }

    /// <summary>Sets every element to zero bits.</summary>
    /// <exception cref="DeviceException">The fill failed.</exception>
    public void Clear()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Length > 0)
        {
            Zero();
        }
    }

    /// <summary>The host copy of the whole buffer.</summary>
    public T[] ToArray()
    {
        var values = new T[Length];
        CopyTo(values);
        return values;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Free();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes <paramref name="source"/> at the start of the buffer, blocking.</summary>
    protected abstract void Write(ReadOnlySpan<T> source);

    /// <summary>Reads the start of the buffer into <paramref name="destination"/>, blocking.</summary>
    protected abstract void Read(Span<T> destination);

    /// <summary>Copies <paramref name="source"/> (same length) on the device.</summary>
    protected abstract void CopyOnDevice(DeviceBuffer<T> source);

    /// <summary>Fills the buffer with zero bits.</summary>
    protected abstract void Zero();

    /// <summary>Frees the device memory.</summary>
    protected abstract void Free();

    private void CheckRange(int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count > Length)
        {
            throw new ArgumentException($"The host span has {count} elements but the device buffer only {Length}.");
        }
    }
}
