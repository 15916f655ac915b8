using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SparseGen.IO;

/// <summary>
/// A validated safetensors file (<see cref="Safetensors.Read"/>), kept open: its header in memory, its tensors read on
/// demand at their 64-bit offsets, straight into arrays of their own size, so a file may pass 2^31 bytes as long as
/// each tensor has fewer than 2^31 elements. Dispose it to close the file.
/// </summary>
internal sealed class SafetensorsFile : IDisposable
{
    /// <summary>The bytes one read asks the operating system for at most.</summary>
    private const int ChunkBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly long _dataStart;

    /// <summary>Wraps an open file whose data section starts at byte <paramref name="dataStart"/>; the file then owns <paramref name="handle"/>.</summary>
    public SafetensorsFile(string path, SafeFileHandle handle, long dataStart, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, TensorEntry> tensors)
    {
        Path = path;
        _handle = handle;
        _dataStart = dataStart;
        Metadata = metadata;
        Tensors = tensors;
    }

    /// <summary>The file's path, for messages.</summary>
    public string Path { get; }

    /// <summary>The <c>__metadata__</c>, checksum included, sorted by ordinal key.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors' header entries by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; }

    /// <summary>The values of tensor <paramref name="name"/>, which must be F32 of shape <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing, has another dtype or shape, has 2^31 elements or more, or the file was truncated since it was opened.</exception>
    public float[] Floats(string name, params long[] shape) => Read<float>(Entry(name, "F32", shape));

    /// <summary>The values of tensor <paramref name="name"/>, which must be I32 of shape <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing, has another dtype or shape, has 2^31 elements or more, or the file was truncated since it was opened.</exception>
    public int[] Ints(string name, params long[] shape) => Read<int>(Entry(name, "I32", shape));

    /// <summary>The data of <paramref name="tensor"/>, one of <see cref="Tensors"/>, as values of <typeparamref name="T"/> (bytes for any dtype).</summary>
    /// <exception cref="InvalidDataException">The tensor holds more values than an array can, or the file was truncated since it was opened.</exception>
    public T[] Read<T>(TensorEntry tensor)
        where T : unmanaged
    {
        long bytes = tensor.End - tensor.Start, count = bytes / Marshal.SizeOf<T>();
        if (count > Array.MaxLength)
        {
            throw Safetensors.Bad(Path, $"tensor '{tensor.Name}' holds {count} values, more than the {Array.MaxLength} an array holds");
        }

        var values = new T[count];
        int perChunk = ChunkBytes / Marshal.SizeOf<T>();
        for (int first = 0; first < values.Length; first += perChunk)
        {
            Span<T> chunk = values.AsSpan(first, Math.Min(perChunk, values.Length - first));
            ReadExactly(Path, _handle, MemoryMarshal.AsBytes(chunk), _dataStart + tensor.Start + ((long)first * Marshal.SizeOf<T>()));
        }

        return values;
    }

    /// <summary>Gives data bytes <paramref name="start"/> .. <c>start + length - 1</c> to <paramref name="sink"/>, in chunks of at most 1 MiB.</summary>
    /// <exception cref="InvalidDataException">The file was truncated since it was opened.</exception>
    public void ReadChunks(long start, long length, ByteSink sink)
    {
        byte[] buffer = new byte[(int)Math.Min(length, ChunkBytes)];
        for (long done = 0; done < length;)
        {
            Span<byte> chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done));
            ReadExactly(Path, _handle, chunk, _dataStart + start + done);
            sink(chunk);
            done += chunk.Length;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Fills <paramref name="buffer"/> from byte <paramref name="offset"/> of the file.</summary>
    /// <exception cref="InvalidDataException">The file ends first; the message names <paramref name="path"/> and the offset.</exception>
    internal static void ReadExactly(string path, SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw Safetensors.Bad(path, $"truncated: the file ends at byte {offset}, before the {buffer.Length} bytes expected there");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    private TensorEntry Entry(string name, string dtype, long[] shape)
    {
        if (!Tensors.TryGetValue(name, out TensorEntry? t))
        {
            throw Safetensors.Bad(Path, $"tensor '{name}' is missing");
        }

        if (t.DType != dtype || !t.Shape.AsSpan().SequenceEqual(shape))
        {
            throw Safetensors.Bad(Path, $"tensor '{name}' is {t.DType} [{string.Join(", ", t.Shape)}]; the model needs {dtype} [{string.Join(", ", shape)}]");
        }

        return t;
    }
}
