using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
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

    /// <summary>Writes <paramref name="tensors"/>, in order, with <paramref name="metadata"/> and the checksum, to <paramref name="path"/> through a temporary file.</summary>
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
            entries.Add(new TensorEntry(t.Name, t.DType, t.Shape, offset, offset + t.Data.Length));
            offset += t.Data.Length;
        }

        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            meta[key] = value;
        }

        ulong checksum = Fnv1a.Append(Fnv1a.OffsetBasis, Header(meta, entries));
        foreach (Tensor t in tensors)
        {
            checksum = Fnv1a.Append(checksum, t.Data);
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
            foreach (Tensor t in tensors)
            {
                stream.Write(t.Data);
            }
        });
    }

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, its header is not a valid safetensors header,
    /// the tensors do not tile the data, or the checksum differs; the message names the file and what is wrong.</exception>
    public static SafetensorsFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Bad(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");
        }

        Span<byte> lengthField = stackalloc byte[8];
        stream.ReadExactly(lengthField);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw Bad(path, $"truncated: the header length field says {headerLength} bytes, but only {fileLength - 8} follow it");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw Bad(path, $"the header length field says {headerLength} bytes, more than the format's limit of {MaxHeaderLength}");
        }

        long dataLength = fileLength - 8 - (long)headerLength;
        if (dataLength > Array.MaxLength)
        {
            throw Bad(path, $"the tensor data holds {dataLength} bytes, more than the {Array.MaxLength} one file can hold here");
        }

        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        byte[] data = new byte[dataLength];
        stream.ReadExactly(data);

        var (meta, entries) = ParseHeader(path, header);
        CheckTiling(path, entries, dataLength);
        if (meta.TryGetValue(ChecksumKey, out string? recorded))
        {
            meta.Remove(ChecksumKey);
            var ordered = entries.Values.OrderBy(e => e.Start).ThenBy(e => e.End).ToList();
            string actual = $"0x{Fnv1a.Append(Fnv1a.Append(Fnv1a.OffsetBasis, Header(meta, ordered)), data):X16}";
            if (recorded != actual)
            {
                throw Bad(path, $"corrupted: the FNV-1a 64 checksum of header and data is {actual}, the header records {recorded}");
            }

            meta[ChecksumKey] = recorded;
        }

        return new SafetensorsFile(path, meta, entries, data);
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
        if (dtype is null || !ElementSizes.TryGetValue(dtype, out int elementSize))
        {
            throw Bad(path, $"tensor '{name}' has dtype {dtypeElement.GetRawText()}; the format's dtypes are {string.Join(", ", ElementSizes.Keys)}");
        }

        long[] shape = Integers(path, name, "shape", shapeElement);
        long[] offsets = Integers(path, name, "data_offsets", offsetsElement);
        if (offsets.Length != 2 || offsets[1] < offsets[0])
        {
            throw Bad(path, $"tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; they must be [begin, end] with begin <= end");
        }

        long bytes = elementSize;
        foreach (long d in shape)
        {
            bytes = d == 0 ? 0 : bytes > long.MaxValue / d ? -1 : bytes * d;
            if (bytes < 0)
            {
                throw Bad(path, $"tensor '{name}' has shape [{string.Join(", ", shape)}], whose size overflows");
            }
        }

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

    /// <summary>A tensor to write: its name, dtype, shape and little-endian bytes.</summary>
    internal sealed record Tensor(string Name, string DType, long[] Shape, byte[] Data)
    {
        /// <summary>A tensor of F32 or I32 values.</summary>
        public static Tensor Of<T>(string name, long[] shape, T[] values)
            where T : struct =>
            new(name, typeof(T) == typeof(float) ? "F32" : typeof(T) == typeof(int) ? "I32" : throw new ArgumentException($"No dtype for {typeof(T)}.", nameof(values)),
                shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }
}

/// <summary>One tensor's header entry: data bytes <c>Start .. End - 1</c>, relative to the start of the data.</summary>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Start, long End);

/// <summary>A validated safetensors file held in memory.</summary>
internal sealed class SafetensorsFile(string path, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, TensorEntry> tensors, byte[] data)
{
    /// <summary>The file's path, for messages.</summary>
    public string Path { get; } = path;

    /// <summary>The <c>__metadata__</c>, checksum included, sorted by ordinal key.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    /// <summary>The tensors' header entries by name.</summary>
    public IReadOnlyDictionary<string, TensorEntry> Tensors { get; } = tensors;

    /// <summary>The values of tensor <paramref name="name"/>, which must be F32 of shape <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing or has another dtype or shape.</exception>
    public float[] Floats(string name, params long[] shape) => MemoryMarshal.Cast<byte, float>(Bytes(name, "F32", shape)).ToArray();

    /// <summary>The values of tensor <paramref name="name"/>, which must be I32 of shape <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidDataException">The tensor is missing or has another dtype or shape.</exception>
    public int[] Ints(string name, params long[] shape) => MemoryMarshal.Cast<byte, int>(Bytes(name, "I32", shape)).ToArray();

    /// <summary>The bytes of <paramref name="tensor"/>, one of <see cref="Tensors"/>.</summary>
    public ReadOnlySpan<byte> Data(TensorEntry tensor) => data.AsSpan((int)tensor.Start, (int)(tensor.End - tensor.Start));

    private ReadOnlySpan<byte> Bytes(string name, string dtype, long[] shape)
    {
        if (!Tensors.TryGetValue(name, out TensorEntry? t))
        {
            throw Safetensors.Bad(Path, $"tensor '{name}' is missing");
        }

        if (t.DType != dtype || !t.Shape.AsSpan().SequenceEqual(shape))
        {
            throw Safetensors.Bad(Path, $"tensor '{name}' is {t.DType} [{string.Join(", ", t.Shape)}]; the model needs {dtype} [{string.Join(", ", shape)}]");
        }

        return Data(t);
    }
}
