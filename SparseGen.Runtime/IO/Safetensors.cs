using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using SparseGen.Core;

namespace SparseGen.IO;

/// <summary>
/// The safetensors container (https://github.com/huggingface/safetensors, "Format"): an 8-byte little-endian header
/// length <c>N</c>, <c>N</c> bytes of UTF-8 JSON (an object: <c>__metadata__</c>, a map of strings, and one entry
/// per tensor with its <c>dtype</c>, <c>shape</c> and <c>data_offsets</c> into the data), then the little-endian
/// data. SparseGen adds an FNV-1a 64 checksum under <see cref="ChecksumKey"/> that covers header and data.
/// </summary>
/// <remarks>
/// Reading validates the structure before anything is used: a header within the file and the format's 100 MB
/// limit, valid JSON with each name once, known dtypes, non-negative shapes and offsets whose byte count matches
/// dtype and shape, and tensors that tile the data exactly (contiguous, non-overlapping, no byte left over), then
/// the checksum. The checksum is FNV-1a 64 over the canonical header (the header as <see cref="Write"/> writes it,
/// without the checksum entry: metadata sorted by ordinal key, tensors in data order) followed by the data, so a
/// remapped, renamed or reshaped tensor fails it as a changed weight does.
/// <para>Files may pass 2^31 bytes (offsets are 64-bit): <see cref="Write"/> streams each tensor from its writer, a chunk
/// at a time, and <see cref="Read"/> keeps the file open and reads each tensor on demand into an array of its own
/// (fewer than 2^31 elements per tensor), after checking the checksum over the data in 1 MiB chunks.</para>
/// </remarks>
internal static class Safetensors
{
    /// <summary>The metadata key of the checksum, <c>0x</c> and 16 hexadecimal digits.</summary>
    public const string ChecksumKey = "fnv1a64";

    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderLength = 100_000_000;

    private static readonly Dictionary<string, int> ElementSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>
    /// Writes <paramref name="tensors"/>, in order, with <paramref name="metadata"/> and the checksum, to
    /// <paramref name="path"/> through a temporary file (<see cref="AtomicFile"/>), streaming: each tensor's
    /// <see cref="Tensor.WriteData"/> runs twice, first into the checksum (which the header records, so it is known
    /// before the first data byte is written), then into the file, and must give the same bytes both times.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor's dtype is not one of the format's, or its size overflows 64 bits.</exception>
    /// <exception cref="InvalidOperationException">A tensor's writer gave another number of bytes than its dtype and shape make.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<Tensor> tensors)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors files are written on little-endian machines.");
        }

        var entries = new List<TensorEntry>();
        long offset = 0;
        foreach (Tensor t in tensors)
        {
            long bytes = ByteCount(t.Name, t.DType, t.Shape) ?? throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}], whose size overflows.", nameof(tensors));
            entries.Add(new TensorEntry(t.Name, t.DType, t.Shape, offset, checked(offset + bytes)));
            offset += bytes;
        }

        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            meta[key] = value;
        }

        ulong checksum = Fnv1a.Append(Fnv1a.OffsetBasis, Header(meta, entries));
        for (int i = 0; i < tensors.Count; i++)
        {
            WriteData(tensors[i], entries[i], chunk => checksum = Fnv1a.Append(checksum, chunk));
        }

        meta[ChecksumKey] = $"0x{checksum:X16}";
        byte[] json = Header(meta, entries);

        // The format lets the header end in spaces; padding to 8 bytes keeps the data aligned.
        byte[] header = Enumerable.Repeat((byte)' ', (json.Length + 7) / 8 * 8).ToArray();
        json.CopyTo(header, 0);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            for (int i = 0; i < tensors.Count; i++)
            {
                WriteData(tensors[i], entries[i], stream.Write);
            }
        });
    }

    /// <summary>Reads the header of the file at <paramref name="path"/>, validates it and checks the checksum by streaming over the data; tensors are read later, on demand.</summary>
    /// <returns>The open file; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, its header is not a valid safetensors header,
    /// the tensors do not tile the data, or the checksum differs; the message names the file and what is wrong.</exception>
    public static SafetensorsFile Read(string path)
    {
        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8)
            {
                throw Bad(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");
            }

            Span<byte> lengthField = stackalloc byte[8];
            SafetensorsFile.ReadExactly(path, handle, lengthField, 0);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
            if (headerLength > (ulong)(fileLength - 8))
            {
                throw Bad(path, $"truncated: the header length field says {headerLength} bytes, but only {fileLength - 8} follow it");
            }

            if (headerLength > MaxHeaderLength)
            {
                throw Bad(path, $"the header length field says {headerLength} bytes, more than the format's limit of {MaxHeaderLength}");
            }

            byte[] header = new byte[headerLength];
            SafetensorsFile.ReadExactly(path, handle, header, 8);
            long dataStart = 8 + header.Length, dataLength = fileLength - dataStart;
            var (meta, entries) = ParseHeader(path, header);
            CheckTiling(path, entries, dataLength);
            var file = new SafetensorsFile(path, handle, dataStart, meta, entries);
            if (meta.TryGetValue(ChecksumKey, out string? recorded))
            {
                meta.Remove(ChecksumKey);
                ulong hash = Fnv1a.Append(Fnv1a.OffsetBasis, Header(meta, entries.Values.OrderBy(e => e.Start).ThenBy(e => e.End)));
                file.ReadChunks(0, dataLength, chunk => hash = Fnv1a.Append(hash, chunk));
                string actual = $"0x{hash:X16}";
                if (recorded != actual)
                {
                    throw Bad(path, $"corrupted: the FNV-1a 64 checksum of header and data is {actual}, the header records {recorded}");
                }

                meta[ChecksumKey] = recorded;
            }

            return file;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The exception for a malformed file: the path, then what is wrong.</summary>
    public static InvalidDataException Bad(string path, string what) => new($"{path}: {what}.");

    private static (SortedDictionary<string, string> Meta, Dictionary<string, TensorEntry> Entries) ParseHeader(string path, byte[] header)
    {
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var entries = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        int end = header.Length;
        while (end > 0 && header[end - 1] == (byte)' ')
        {
            end--;
        }

        if (end == 0 || header[0] != (byte)'{')
        {
            throw Bad(path, "at byte 8: the header is not a JSON object (it must start with '{')");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(header.AsMemory(0, end));
            bool sawMetadata = false;
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (sawMetadata)
                    {
                        throw Bad(path, $"the header names '{MetadataKey}' twice");
                    }

                    sawMetadata = true;
                    ParseMetadata(path, property.Value, meta);
                }
                else if (!entries.TryAdd(property.Name, ParseEntry(path, property)))
                {
                    throw Bad(path, $"the header names tensor '{property.Name}' twice");
                }
            }
        }
        catch (JsonException e)
        {
            throw Bad(path, $"at byte {8 + (e.BytePositionInLine ?? 0)}: the header is not valid JSON ({e.Message})");
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            throw Bad(path, $"the header is not valid UTF-8 ({e.Message})");
        }

        return (meta, entries);
    }

    private static void ParseMetadata(string path, JsonElement element, SortedDictionary<string, string> meta)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, $"'{MetadataKey}' is a JSON {element.ValueKind}, not an object of strings");
        }

        foreach (JsonProperty m in element.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
            {
                throw Bad(path, $"metadata '{m.Name}' is a JSON {m.Value.ValueKind}; metadata values are strings");
            }

            if (!meta.TryAdd(m.Name, m.Value.GetString()!))
            {
                throw Bad(path, $"metadata '{m.Name}' appears twice");
            }
        }
    }

    private static TensorEntry ParseEntry(string path, JsonProperty property)
    {
        string name = property.Name;
        JsonElement value = property.Value;
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() != 3
            || !value.TryGetProperty("dtype", out JsonElement dtypeElement) || !value.TryGetProperty("shape", out JsonElement shapeElement)
            || !value.TryGetProperty("data_offsets", out JsonElement offsetsElement))
        {
            throw Bad(path, $"tensor '{name}' must be an object of exactly 'dtype', 'shape' and 'data_offsets'");
        }

        string? dtype = dtypeElement.ValueKind == JsonValueKind.String ? dtypeElement.GetString() : null;
        if (dtype is null || !ElementSizes.ContainsKey(dtype))
        {
            throw Bad(path, $"tensor '{name}' has dtype {dtypeElement.GetRawText()}; the format's dtypes are {string.Join(", ", ElementSizes.Keys)}");
        }

        long[] shape = Integers(path, name, "shape", shapeElement);
        long[] offsets = Integers(path, name, "data_offsets", offsetsElement);
        if (offsets.Length != 2 || offsets[1] < offsets[0])
        {
            throw Bad(path, $"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; they must be [begin, end] with begin <= end");
        }

        long bytes = ByteCount(name, dtype, shape) ?? throw Bad(path, $"tensor '{name}' has shape [{string.Join(", ", shape)}], whose size overflows");

        if (bytes != offsets[1] - offsets[0])
        {
            throw Bad(path, $"tensor '{name}' is {dtype} [{string.Join(", ", shape)}], {bytes} bytes, but its data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}");
        }

        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(string path, string name, string field, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, $"tensor '{name}' has a {field} that is a JSON {element.ValueKind}, not an array of integers");
        }

        var values = new List<long>();
        foreach (JsonElement e in element.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < 0)
            {
                throw Bad(path, $"tensor '{name}' has {field} entry {e.GetRawText()}; the entries are non-negative 64-bit integers");
            }

            values.Add(v);
        }

        return values.ToArray();
    }

    /// <summary>Checks that the tensors cover the data exactly once: contiguous, non-overlapping, with no byte left over.</summary>
    private static void CheckTiling(string path, Dictionary<string, TensorEntry> entries, long dataLength)
    {
        foreach (TensorEntry t in entries.Values.Where(t => t.End > dataLength))
        {
            throw Bad(path, $"truncated or corrupted: tensor '{t.Name}' spans data bytes {t.Start}..{t.End}, but the data holds {dataLength} bytes");
        }

        long covered = 0;
        TensorEntry? previous = null;
        foreach (TensorEntry t in entries.Values.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            if (t.Start < covered)
            {
                throw Bad(path, $"tensor '{t.Name}' (data bytes {t.Start}..{t.End}) overlaps tensor '{previous!.Name}' (data bytes {previous.Start}..{previous.End})");
            }

            if (t.Start > covered)
            {
                throw Bad(path, $"data bytes {covered}..{t.Start}, before tensor '{t.Name}', belong to no tensor");
            }

            covered = t.End;
            previous = t;
        }

        if (covered != dataLength)
        {
            throw Bad(path, $"data bytes {covered}..{dataLength} at the end of the file belong to no tensor");
        }
    }

    /// <summary>The bytes of a tensor of <paramref name="dtype"/> and <paramref name="shape"/>, or null when the count overflows 64 bits.</summary>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is not one of the format's.</exception>
    private static long? ByteCount(string name, string dtype, long[] shape)
    {
        long bytes = ElementSizes.TryGetValue(dtype, out int size) ? size : throw new ArgumentException($"Tensor '{name}' has dtype '{dtype}'; the format's dtypes are {string.Join(", ", ElementSizes.Keys)}.", nameof(dtype));
        foreach (long d in shape)
        {
            if (d < 0 || (d != 0 && bytes > long.MaxValue / d))
            {
                return null;
            }

            bytes *= d;
        }

        return bytes;
    }

    /// <summary>Runs <paramref name="tensor"/>'s writer into <paramref name="sink"/>, checking it gives the bytes <paramref name="entry"/> declares.</summary>
    private static void WriteData(Tensor tensor, TensorEntry entry, ByteSink sink)
    {
        long written = 0;
        tensor.WriteData(chunk =>
        {
            written += chunk.Length;
            sink(chunk);
        });
        if (written != entry.End - entry.Start)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' wrote {written} bytes; its dtype {tensor.DType} and shape [{string.Join(", ", tensor.Shape)}] make {entry.End - entry.Start}.");
        }
    }

    private static byte[] Header(IReadOnlyDictionary<string, string> meta, IEnumerable<TensorEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in meta)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            foreach (TensorEntry t in entries)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", t.DType);
                json.WriteStartArray("shape");
                foreach (long d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(t.Start);
                json.WriteNumberValue(t.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A tensor to write: its name, dtype, shape, and <paramref name="WriteData"/>, which gives its little-endian
    /// bytes (row-major) to a sink, in as many chunks as it likes, the same bytes each time it runs.
    /// </summary>
    internal sealed record Tensor(string Name, string DType, long[] Shape, Action<ByteSink> WriteData)
    {
        /// <summary>The elements a chunk of <see cref="Chunked{T}"/> holds at most (256 KiB of F32 or I32).</summary>
        public const int ChunkElements = 1 << 16;

        /// <summary>A tensor of F32 or I32 values held in <paramref name="values"/>, written without a copy.</summary>
        public static Tensor Of<T>(string name, long[] shape, T[] values)
            where T : unmanaged =>
            new(name, DTypeOf<T>(), shape, sink => sink(MemoryMarshal.AsBytes(values.AsSpan())));

        /// <summary>A tensor of <paramref name="dtype"/> whose bytes <paramref name="data"/> holds.</summary>
        public static Tensor Of(string name, string dtype, long[] shape, byte[] data) => new(name, dtype, shape, sink => sink(data));

        /// <summary>
        /// A tensor of F32 or I32 values that <paramref name="fill"/> computes a chunk (at most <see cref="ChunkElements"/>,
        /// starting at a multiple of it) at a time into a pooled buffer, so only one chunk is ever held.
        /// </summary>
        public static Tensor Chunked<T>(string name, long[] shape, ChunkFiller<T> fill)
            where T : unmanaged =>
            new(name, DTypeOf<T>(), shape, sink =>
            {
                long count = shape.Aggregate(1L, (n, d) => checked(n * d));
                T[] buffer = ArrayPool<T>.Shared.Rent(ChunkElements);
                try
                {
                    for (long first = 0; first < count; first += ChunkElements)
                    {
                        Span<T> chunk = buffer.AsSpan(0, (int)Math.Min(ChunkElements, count - first));
                        fill(first, chunk);
                        sink(MemoryMarshal.AsBytes(chunk));
                    }
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(buffer);
                }
            });

        private static string DTypeOf<T>() =>
            typeof(T) == typeof(float) ? "F32" : typeof(T) == typeof(int) ? "I32" : throw new ArgumentException($"No dtype for {typeof(T)}.", nameof(T));
    }
}

/// <summary>Receives bytes, a chunk at a time, in order; the chunk is only valid during the call.</summary>
internal delegate void ByteSink(ReadOnlySpan<byte> chunk);

/// <summary>Fills <paramref name="chunk"/> with a tensor's (row-major) elements <paramref name="first"/> .. <c>first + chunk.Length - 1</c>.</summary>
internal delegate void ChunkFiller<T>(long first, Span<T> chunk);

/// <summary>One tensor's header entry: data bytes <c>Start .. End - 1</c>, relative to the start of the data.</summary>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Start, long End);
