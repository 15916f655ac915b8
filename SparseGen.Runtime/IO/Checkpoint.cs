using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SparseGen.IO;
using SparseGen.Kernels;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// Saves and loads a model's weights, biases and (optionally) optimizer state as a safetensors file: an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the
/// little-endian tensor data (https://github.com/huggingface/safetensors), so numpy and PyTorch users read it too.
/// </summary>
/// <remarks>
/// Tensors per layer <c>L</c>: <c>L.weight</c> (F32, <c>[E]</c>, canonical edge order: by output, then input,
/// whatever the kernel's own order), <c>L.edges</c> (I32, <c>[E, 2]</c>: input, output of each weight) and
/// <c>L.bias</c> (F32, <c>[nout]</c>); optimizer slots as <c>optimizer.L.weight.m</c> and so on. The
/// <c>__metadata__</c> holds each layer's pattern, density, seed, sizes, activation and topology fingerprint, the
/// optimizer's scalars, an FNV-1a 64 checksum of the data, and any metadata the caller adds.
/// </remarks>
public static partial class Checkpoint
{
    private const string Format = "sparsegen-checkpoint-1";

    /// <summary>Writes <paramref name="model"/> (and <paramref name="optimizer"/>'s state when given) to <paramref name="path"/> through a temporary file.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write; replaced only when the write completes.</param>
    /// <param name="optimizer">An optimizer whose state to include, or null.</param>
    /// <param name="metadata">Extra string metadata, such as preprocessing constants; keys must not start with a layer name and a dot.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(ISparseModel model, string path, Optimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["model.inputs"] = model.InputCount.ToString(CultureInfo.InvariantCulture),
            ["model.layers"] = string.Join(",", model.Layers.Select(l => l.Name)),
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            meta[key] = value;
        }

        var tensors = new List<(string Name, string DType, long[] Shape, byte[] Data)>();
        foreach (ISparseLayer layer in model.Layers)
        {
            int[] order = CanonicalOrder(layer.Kernel, out int[] inputs, out int[] outputs);
            var edges = new int[layer.EdgeCount * 2];
            for (int c = 0; c < order.Length; c++)
            {
                edges[2 * c] = inputs[order[c]];
                edges[(2 * c) + 1] = outputs[order[c]];
            }

            tensors.Add(($"{layer.Name}.weight", "F32", [layer.EdgeCount], Bytes(Permute(layer.Weights.Values, order))));
            tensors.Add(($"{layer.Name}.edges", "I32", [layer.EdgeCount, 2], Bytes(edges)));
            tensors.Add(($"{layer.Name}.bias", "F32", [layer.Units], Bytes(layer.Bias.Values)));
            foreach (var (key, value) in LayerMetadata(layer))
            {
                meta[key] = value;
            }

            if (optimizer is null)
            {
                continue;
            }

            foreach (string slot in optimizer.SlotNames)
            {
                if (optimizer.GetSlot(layer.Weights, slot) is { } weights)
                {
                    tensors.Add(($"optimizer.{layer.Name}.weight.{slot}", "F32", [layer.EdgeCount], Bytes(Permute(weights, order))));
                }

                if (optimizer.GetSlot(layer.Bias, slot) is { } bias)
                {
                    tensors.Add(($"optimizer.{layer.Name}.bias.{slot}", "F32", [layer.Units], Bytes(bias)));
                }
            }
        }

        if (optimizer is not null)
        {
            meta["optimizer"] = optimizer.Name;
            foreach (var (key, value) in optimizer.GetScalars())
            {
                meta["optimizer." + key] = value.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        byte[] data = tensors.SelectMany(t => t.Data).ToArray();
        meta["data_fnv1a64"] = $"0x{Fnv1a(data):X16}";
        byte[] header = Header(meta, tensors.Select(t => (t.Name, t.DType, t.Shape, (long)t.Data.Length)));
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            stream.Write(data);
        });
    }

    /// <summary>Reads only the <c>__metadata__</c> of a checkpoint, for instance to choose the model to load it into.</summary>
    /// <exception cref="InvalidDataException">The file is not a SparseGen safetensors checkpoint or is truncated; the message names the file and what is wrong.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => Read(path).Metadata;

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/>, and the optimizer state into
    /// <paramref name="optimizer"/> when given. Everything is checked before anything is copied, so on an error
    /// the model is unchanged.
    /// </summary>
    /// <returns>The checkpoint's metadata.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or corrupted, its layers differ from the model's
    /// (a fingerprint mismatch names both fingerprints), or an optimizer is given and the file holds no state for it.</exception>
    public static IReadOnlyDictionary<string, string> Load(ISparseModel model, string path, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = Read(path);
        var meta = file.Metadata;
        string[] layers = meta.GetValueOrDefault("model.layers", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string[] modelLayers = model.Layers.Select(l => l.Name).ToArray();
        if (!layers.SequenceEqual(modelLayers))
        {
            throw new InvalidDataException($"{path}: the checkpoint holds layers [{string.Join(", ", layers)}], the model has [{string.Join(", ", modelLayers)}].");
        }

        var copies = new List<Action>();
        foreach (ISparseLayer layer in model.Layers)
        {
            string saved = meta.GetValueOrDefault($"{layer.Name}.fingerprint", "none");
            string expected = $"0x{layer.Fingerprint:X16}";
            if (saved != expected && meta.GetValueOrDefault($"{layer.Name}.topology") == Learned)
            {
                throw new InvalidDataException(
                    $"{path}: layer '{layer.Name}' was saved with a learned topology {saved} (its edges evolved during training), but the model's layer has topology {expected}; build the model from Checkpoint.ReadTopologies first.");
            }

            if (saved != expected)
            {
                throw new InvalidDataException(
                    $"{path}: layer '{layer.Name}' was saved with topology {saved} ({Describe(meta, layer.Name)}), but the model's layer has topology {expected} ({layer.Pattern}, density {layer.Density.ToString(CultureInfo.InvariantCulture)}, seed {layer.Seed}, {layer.Inputs} x {layer.Units}); load it into a model declared with the same pattern, density, seed and sizes.");
            }

            int[] order = CanonicalOrder(layer.Kernel, out _, out _);
            float[] weights = file.Floats($"{layer.Name}.weight", layer.EdgeCount);
            float[] bias = file.Floats($"{layer.Name}.bias", layer.Units);
            copies.Add(() =>
            {
                Unpermute(weights, order, layer.Weights.Values);
                bias.CopyTo(layer.Bias.Values, 0);
                if (layer is SparseLayer sparse && meta.GetValueOrDefault($"{layer.Name}.topology") == Learned)
                {
                    sparse.TopologyLearned = true;
                }
            });
            if (optimizer is null)
            {
                continue;
            }

            foreach (string slot in optimizer.SlotNames)
            {
                string weightName = $"optimizer.{layer.Name}.weight.{slot}", biasName = $"optimizer.{layer.Name}.bias.{slot}";
                if (file.Has(weightName))
                {
                    float[] w = file.Floats(weightName, layer.EdgeCount);
                    copies.Add(() =>
                    {
                        var values = new float[w.Length];
                        Unpermute(w, order, values);
                        optimizer.SetSlot(layer.Weights, slot, values);
                    });
                }

                if (file.Has(biasName))
                {
                    float[] b = file.Floats(biasName, layer.Units);
                    copies.Add(() => optimizer.SetSlot(layer.Bias, slot, b));
                }
            }
        }

        if (optimizer is not null)
        {
            string savedOptimizer = meta.GetValueOrDefault("optimizer", "none");
            if (savedOptimizer != optimizer.Name)
            {
                throw new InvalidDataException($"{path}: the checkpoint holds optimizer state of {savedOptimizer}, not of {optimizer.Name}; load without an optimizer, or with a {savedOptimizer}.");
            }

            var scalars = meta.Where(m => m.Key.StartsWith("optimizer.", StringComparison.Ordinal) && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                .ToDictionary(m => m.Key["optimizer.".Length..], m => double.Parse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture));
            copies.Add(() => optimizer.SetScalars(scalars));
        }

        foreach (Action copy in copies)
        {
            copy();
        }

        return meta;
    }

    private static Dictionary<string, string> LayerMetadata(ISparseLayer layer)
    {
        Dictionary<string, string> meta = DeclaredMetadata(layer);
        if (layer is SparseLayer { TopologyLearned: true })
        {
            meta[$"{layer.Name}.topology"] = Learned;
        }

        return meta;
    }

    private static Dictionary<string, string> DeclaredMetadata(ISparseLayer layer) => new()
    {
        [$"{layer.Name}.pattern"] = layer.Pattern.ToString(),
        [$"{layer.Name}.density"] = layer.Density.ToString("R", CultureInfo.InvariantCulture),
        [$"{layer.Name}.seed"] = layer.Seed.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.inputs"] = layer.Inputs.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.units"] = layer.Units.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.activation"] = layer.Activation.ToString(),
        [$"{layer.Name}.fingerprint"] = $"0x{layer.Fingerprint:X16}",
    };

    private static string Describe(IReadOnlyDictionary<string, string> meta, string layer) =>
        $"{meta.GetValueOrDefault($"{layer}.pattern", "?")}, density {meta.GetValueOrDefault($"{layer}.density", "?")}, seed {meta.GetValueOrDefault($"{layer}.seed", "?")}, {meta.GetValueOrDefault($"{layer}.inputs", "?")} x {meta.GetValueOrDefault($"{layer}.units", "?")}";

    /// <summary>For each canonical position (by output, then input), the kernel's weight slot.</summary>
    private static int[] CanonicalOrder(ILayerKernel kernel, out int[] inputs, out int[] outputs)
    {
        inputs = new int[kernel.EdgeCount];
        outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, outputs);
        int[] ins = inputs, outs = outputs;
        var order = Enumerable.Range(0, kernel.EdgeCount).ToArray();
        Array.Sort(order, (a, b) => outs[a] != outs[b] ? outs[a].CompareTo(outs[b]) : ins[a].CompareTo(ins[b]));
        return order;
    }

    private static float[] Permute(float[] slots, int[] order) => order.Select(s => slots[s]).ToArray();

    private static void Unpermute(float[] canonical, int[] order, float[] slots)
    {
        for (int c = 0; c < order.Length; c++)
        {
            slots[order[c]] = canonical[c];
        }
    }

    private static byte[] Bytes<T>(T[] values)
        where T : struct
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines.");
        }

        return bytes;
    }

    private static byte[] Header(IReadOnlyDictionary<string, string> meta, IEnumerable<(string Name, string DType, long[] Shape, long Length)> tensors)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in meta)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, dtype, shape, length) in tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (long d in shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += length;
            }

            json.WriteEndObject();
        }

        // The format lets the header end in spaces; padding to 8 bytes keeps the data aligned.
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        byte[] header = Enumerable.Repeat((byte)' ', padded).ToArray();
        buffer.ToArray().CopyTo(header, 0);
        return header;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }

    private static CheckpointFile Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw Bad(path, $"the file has {bytes.Length} bytes, fewer than the 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw Bad(path, $"truncated: the header length field says {headerLength} bytes, but only {bytes.Length - 8} follow it");
        }

        var tensors = new Dictionary<string, (string DType, long[] Shape, long Start, long End)>();
        var meta = new Dictionary<string, string>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (JsonProperty m in property.Value.EnumerateObject())
                    {
                        meta[m.Name] = m.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                long[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                tensors[property.Name] = (property.Value.GetProperty("dtype").GetString() ?? string.Empty, shape, offsets[0], offsets[1]);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            throw Bad(path, $"corrupted header at bytes 8..{8 + (long)headerLength}: {e.Message}");
        }

        if (meta.GetValueOrDefault("format") != Format)
        {
            throw Bad(path, $"not a SparseGen checkpoint (format '{meta.GetValueOrDefault("format", "missing")}', expected '{Format}')");
        }

        long dataStart = 8 + (long)headerLength, dataLength = bytes.Length - dataStart;
        foreach (var (name, t) in tensors)
        {
            if (t.Start < 0 || t.End < t.Start || t.End > dataLength)
            {
                throw Bad(path, $"truncated or corrupted: tensor '{name}' spans data bytes {t.Start}..{t.End}, but the data holds {dataLength} bytes");
            }
        }

        string checksum = $"0x{Fnv1a(bytes.AsSpan((int)dataStart)):X16}";
        if (meta.GetValueOrDefault("data_fnv1a64") != checksum)
        {
            throw Bad(path, $"corrupted: the tensor data's FNV-1a 64 checksum is {checksum}, the header records {meta.GetValueOrDefault("data_fnv1a64", "none")}");
        }

        return new CheckpointFile(path, bytes, dataStart, tensors, meta);
    }

    private static InvalidDataException Bad(string path, string what) => new($"{path}: {what}.");

    private sealed record CheckpointFile(string Path, byte[] Bytes, long DataStart,
        Dictionary<string, (string DType, long[] Shape, long Start, long End)> Tensors, Dictionary<string, string> Metadata)
    {
        public bool Has(string name) => Tensors.ContainsKey(name);

        public float[] Floats(string name, int length)
        {
            if (!Tensors.TryGetValue(name, out var t))
            {
                throw Bad(Path, $"tensor '{name}' is missing");
            }

            if (t.DType != "F32" || t.Shape.Aggregate(1L, (a, b) => a * b) != length || t.End - t.Start != 4L * length)
            {
                throw Bad(Path, $"tensor '{name}' is {t.DType} [{string.Join(", ", t.Shape)}] over {t.End - t.Start} bytes; the model needs F32 [{length}]");
            }

            return MemoryMarshal.Cast<byte, float>(Bytes.AsSpan((int)(DataStart + t.Start), 4 * length)).ToArray();
        }
    }
}
