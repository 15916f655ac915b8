using System.Text;
using System.Text.Json.Nodes;
using SparseGen;
using SparseGen.IO;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Weights_and_biases_round_trip_exactly_for_every_strategy()
    {
        foreach (var create in KernelTests.Models.Values)
        {
            ISparseModel saved = create(), loaded = create();
            saved.Initialize(21);
            foreach (ISparseLayer layer in saved.Layers)
            {
                Reference.Random(layer.Units, 5).CopyTo(layer.Bias.Values, 0);
            }

            string path = PathOf(saved.GetType().Name + ".safetensors");
            Checkpoint.Save(saved, path, metadata: new Dictionary<string, string> { ["note"] = "hello" });
            var meta = Checkpoint.Load(loaded, path);

            Assert.Equal("hello", meta["note"]);
            Assert.Equal(saved.Layers.Select(l => l.Weights.Values), loaded.Layers.Select(l => l.Weights.Values));
            Assert.Equal(saved.Layers.Select(l => l.Bias.Values), loaded.Layers.Select(l => l.Bias.Values));
        }

        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Weights_are_stored_in_canonical_edge_order_with_their_edges()
    {
        var model = new ExplicitStrategies(); // WideIndexFree stores weights shift-major
        string path = PathOf("order.safetensors");
        Checkpoint.Save(model, path);
        var (header, data) = ReadRaw(path);

        ISparseLayer layer = model.WideIndexFree;
        var topology = SparseGen.Topology.Create(layer.Pattern, layer.Inputs, layer.Units, layer.Density, layer.Seed);
        int[] edges = Ints(header, data, "WideIndexFree.edges");
        float[] weights = Floats(header, data, "WideIndexFree.weight");
        Assert.Equal(topology.Edges.SelectMany(e => new[] { e.Input, e.Output }), edges);
        int[] canonical = Reference.CanonicalIndex(layer.Kernel, topology);
        for (int s = 0; s < canonical.Length; s++)
        {
            Assert.Equal(layer.Weights.Values[s], weights[canonical[s]]);
        }
    }

    [Fact]
    public void Optimizer_state_round_trips_so_training_resumes_bit_for_bit()
    {
        var (train, _) = (new Dataset(Reference.Random(13 * 40, 3), 13, Enumerable.Range(0, 40).Select(i => i % 4).ToArray(), 4), 0);
        var straight = new SmallUsn();
        var optimizer = new Nadam(0.01);
        new Trainer(straight, optimizer, Loss.CategoricalCrossEntropy) { Seed = 1 }.Fit(train, 1, 8);
        string path = PathOf("resume.safetensors");
        Checkpoint.Save(straight, path, optimizer);
        new Trainer(straight, optimizer, Loss.CategoricalCrossEntropy) { Seed = 2 }.Fit(train, 1, 8);

        var resumed = new SmallUsn();
        var resumedOptimizer = new Nadam(0.01);
        Checkpoint.Load(resumed, path, resumedOptimizer);
        new Trainer(resumed, resumedOptimizer, Loss.CategoricalCrossEntropy) { Seed = 2 }.Fit(train, 1, 8);

        Assert.Equal(straight.Layers.Select(l => l.Weights.Values), resumed.Layers.Select(l => l.Weights.Values));
    }

    [Fact]
    public void Loading_into_another_topology_fails_with_both_fingerprints_and_changes_nothing()
    {
        var saved = new SmallUsnOtherSeed();
        string path = PathOf("other.safetensors");
        Checkpoint.Save(saved, path);
        var model = new SmallUsn();
        float[] before = (float[])model.Hidden.Weights.Values.Clone();

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model, path));

        Assert.Contains($"0x{saved.Hidden.Fingerprint:X16}", e.Message);
        Assert.Contains($"0x{model.Hidden.Fingerprint:X16}", e.Message);
        Assert.Contains("layer 'Hidden'", e.Message);
        Assert.Equal(before, model.Hidden.Weights.Values);
    }

    [Fact]
    public void Truncated_and_corrupted_files_are_rejected_with_what_is_wrong()
    {
        string path = PathOf("good.safetensors");
        Checkpoint.Save(new SmallUsn(), path);
        byte[] good = File.ReadAllBytes(path);

        Rejected(good[..5], "fewer than the 8-byte header length");
        Rejected(good[..100], "truncated: the header length field says");
        Rejected(good[..(good.Length - 10)], "truncated or corrupted: tensor");
        byte[] flipped = (byte[])good.Clone();
        flipped[^3] ^= 0x40;
        Rejected(flipped, "corrupted: the FNV-1a 64 checksum of header and data");
        byte[] header = (byte[])good.Clone();
        header[9] = (byte)'!';
        Rejected(header, "the header is not valid JSON");
    }

    [Fact]
    public void The_checksum_covers_the_header_so_a_remapped_tensor_is_refused()
    {
        string path = SavedWithOptimizer(out _);

        // The m and v slots of one parameter have the same size: swapping their offsets keeps the structure valid.
        Rejected(EditHeader(path, h => (h["optimizer.Hidden.bias.m"]!["data_offsets"], h["optimizer.Hidden.bias.v"]!["data_offsets"]) =
            (h["optimizer.Hidden.bias.v"]!["data_offsets"]!.DeepClone(), h["optimizer.Hidden.bias.m"]!["data_offsets"]!.DeepClone())), "corrupted: the FNV-1a 64 checksum of header and data");
        Rejected(EditHeader(path, h => h["__metadata__"]!["note"] = "changed"), "corrupted: the FNV-1a 64 checksum of header and data");
    }

    [Theory]
    [InlineData("overlap", "overlaps tensor")]
    [InlineData("gap", "belong to no tensor")]
    [InlineData("beyond", "truncated or corrupted: tensor 'Output.bias'")]
    [InlineData("negative", "non-negative 64-bit integers")]
    [InlineData("reversed", "begin <= end")]
    [InlineData("size", "but its data_offsets")]
    [InlineData("dtype", "has dtype \"X99\"")]
    [InlineData("extra field", "exactly 'dtype', 'shape' and 'data_offsets'")]
    [InlineData("numeric metadata", "metadata 'note' is a JSON Number")]
    [InlineData("overflowing shape", "whose size overflows")]
    public void The_header_is_validated_structurally_before_anything_is_read(string edit, string message)
    {
        string path = PathOf("good.safetensors");
        Checkpoint.Save(new SmallUsn(), path, metadata: new Dictionary<string, string> { ["note"] = "x" });
        long[] Offsets(JsonNode h, string name) => h[name]!["data_offsets"]!.AsArray().Select(n => (long)n!).ToArray();
        void SetOffsets(JsonNode h, string name, long begin, long end) => h[name]!["data_offsets"] = new JsonArray(begin, end);

        byte[] bytes = EditHeader(path, h =>
        {
            long[] hidden = Offsets(h, "Hidden.bias"), output = Offsets(h, "Output.bias");
            switch (edit)
            {
                case "overlap": SetOffsets(h, "Output.bias", hidden[0], hidden[0] + (output[1] - output[0])); break;
                case "gap": SetOffsets(h, "Output.bias", output[0] + 4, output[1] + 4); break;
                case "beyond": SetOffsets(h, "Output.bias", output[0] + 1000, output[1] + 1000); break;
                case "negative": SetOffsets(h, "Output.bias", -4, output[1] - output[0] - 4); break;
                case "reversed": SetOffsets(h, "Output.bias", output[1], output[0]); break;
                case "size": h["Output.bias"]!["shape"] = new JsonArray(5); break;
                case "dtype": h["Output.bias"]!["dtype"] = "X99"; break;
                case "extra field": h["Output.bias"]!["note"] = 1; break;
                case "numeric metadata": h["__metadata__"]!["note"] = 2; break;
                case "overflowing shape": h["Output.bias"]!["shape"] = new JsonArray(long.MaxValue, long.MaxValue); break;
            }
        });
        if (edit == "gap")
        {
            bytes = [.. bytes, 0, 0, 0, 0];
        }

        Rejected(bytes, message);
    }

    [Fact]
    public void A_name_twice_in_the_header_is_refused()
    {
        string path = PathOf("good.safetensors");
        Checkpoint.Save(new SmallUsn(), path);
        var (header, data) = Split(File.ReadAllBytes(path));
        string json = Encoding.UTF8.GetString(header).TrimEnd();
        string entry = json[json.IndexOf("\"Output.bias\"", StringComparison.Ordinal)..^1];

        Rejected(Join(json[..^1] + "," + entry + "}", data), "names tensor 'Output.bias' twice");
        Rejected(Join(json.Replace("\"format\":", "\"note\":\"a\",\"note\":\"b\",\"format\":", StringComparison.Ordinal), data), "metadata 'note' appears twice");
    }

    [Theory]
    [InlineData(0UL, "the header is not a JSON object")]
    [InlineData(ulong.MaxValue, "truncated: the header length field says 18446744073709551615 bytes")]
    [InlineData(1UL << 63, "truncated: the header length field says")]
    public void Header_length_fields_at_their_limits_are_refused(ulong length, string message)
    {
        string path = PathOf("good.safetensors");
        Checkpoint.Save(new SmallUsn(), path);
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), length);

        Rejected(bytes, message);
    }

    [Theory]
    [InlineData("preprocessing.std", "0", "must be a normal 32-bit number above 0")]
    [InlineData("preprocessing.std", "-1", "must be a normal 32-bit number above 0")]
    [InlineData("preprocessing.std", "1e39", "must be a normal 32-bit number above 0")]
    [InlineData("preprocessing.std", "1e-45", "must be a normal 32-bit number above 0")]
    [InlineData("preprocessing.std", "1e-39", "must be a normal 32-bit number above 0")]
    [InlineData("preprocessing.mean", "NaN", "must be a finite 32-bit number")]
    [InlineData("Hidden.density", "1.5", "must be a number in [0, 1]")]
    [InlineData("Hidden.density", "0,3", "must be a number in [0, 1]")]
    [InlineData("Hidden.seed", "-7", "must be an unsigned 64-bit integer")]
    [InlineData("Hidden.units", "9.0", "must be a positive 32-bit integer")]
    [InlineData("Hidden.pattern", "7", "must be one of Dense, Uniform")]
    [InlineData("Hidden.fingerprint", "0x12", "must be 0x and 16 hexadecimal digits")]
    [InlineData("model.inputs", "0", "must be a positive 32-bit integer")]
    [InlineData("model.layers", "Hidden,Hidden", "must be the layer names, comma-separated, each once")]
    [InlineData("optimizer.steps", "-1", "must be a non-negative integer")]
    [InlineData("optimizer.steps", "2.5", "must be a non-negative integer")]
    [InlineData("optimizer.steps", "Infinity", "must be a non-negative integer")]
    [InlineData("optimizer.steps", "1e300", "must be a non-negative integer")]
    [InlineData("optimizer.momentum_product", "NaN", "must be a finite number")]
    public void Malformed_metadata_values_name_the_file_and_key_and_change_nothing(string key, string value, string message)
    {
        string path = SavedWithOptimizer(out _);
        Resign(path, (meta, _) => meta[key] = value);

        RejectedUnchanged(path, $"metadata '{key}' is '{value}'; it {message}");
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMetadata(path));
        Assert.Contains($"metadata '{key}'", e.Message);
    }

    [Fact]
    public void A_checkpoint_that_records_the_pattern_by_its_old_name_RandomEdge_still_loads()
    {
        string path = SavedWithOptimizer(out _);
        Resign(path, (meta, _) => meta["Hidden.pattern"] = "RandomEdge");

        Checkpoint.Load(new SmallUsn(), path, new Nadam(0.01));
        Assert.Equal(ConnectivityPattern.ErdosRenyi, Checkpoint.RecordedPattern("RandomEdge"));
        Assert.Null(Checkpoint.RecordedPattern("7"));
    }

    [Theory]
    [InlineData("missing", "tensor 'Output.bias' is missing")]
    [InlineData("extra", "tensor 'Extra.weight' is not part of a checkpoint of this model")]
    [InlineData("dtype", "tensor 'Hidden.bias' is I32 [9]; the model needs F32 [9]")]
    [InlineData("shape", "tensor 'Hidden.bias' is F32 [3, 3]; the model needs F32 [9]")]
    [InlineData("edges", "tensor 'Hidden.edges' row 1 is edge")]
    [InlineData("slot", "tensor 'optimizer.Output.bias.v' is missing")]
    [InlineData("steps", "metadata 'optimizer.steps' is missing")]
    [InlineData("inputs", "metadata 'Hidden.inputs' is 14, but the model's layer has 13")]
    [InlineData("activation", "was saved with activation Relu ('Hidden.activation'), but the model's layer uses Tanh")]
    public void The_file_must_hold_exactly_the_tensors_and_state_the_model_needs(string edit, string message)
    {
        string path = SavedWithOptimizer(out _);
        Resign(path, (meta, tensors) =>
        {
            int Index(string name) => tensors.FindIndex(t => t.Name == name);
            RawTensor bias = tensors[Index("Hidden.bias")];
            switch (edit)
            {
                case "missing": tensors.RemoveAt(Index("Output.bias")); break;
                case "extra": tensors.Add(new RawTensor("Extra.weight", "F32", [1], new byte[4])); break;
                case "dtype": tensors[Index("Hidden.bias")] = bias with { DType = "I32" }; break;
                case "shape": tensors[Index("Hidden.bias")] = bias with { Shape = [3, 3] }; break;
                case "edges":
                    RawTensor edges = tensors[Index("Hidden.edges")];
                    byte[] swapped = (byte[])edges.Data.Clone();
                    swapped.AsSpan(0, 8).CopyTo(swapped.AsSpan(8));
                    tensors[Index("Hidden.edges")] = edges with { Data = swapped };
                    break;
                case "slot": tensors.RemoveAt(Index("optimizer.Output.bias.v")); break;
                case "steps": meta.Remove("optimizer.steps"); break;
                case "inputs": meta["Hidden.inputs"] = "14"; break;
                case "activation": meta["Hidden.activation"] = "Relu"; break;
            }
        });

        RejectedUnchanged(path, message);
    }

    [Fact]
    public void An_optimizer_that_has_not_stepped_saves_every_slot_so_its_state_loads()
    {
        string path = PathOf("fresh.safetensors");
        Checkpoint.Save(new SmallUsn(), path, new Adam());
        var model = new SmallUsn();
        var optimizer = new Adam();

        Checkpoint.Load(model, path, optimizer);

        using SafetensorsFile file = Safetensors.Read(path);
        Assert.Equal(8, file.Tensors.Keys.Count(n => n.StartsWith("optimizer.", StringComparison.Ordinal)));
        Assert.All(optimizer.SlotNames, slot => Assert.Equal(new float[model.Hidden.EdgeCount], optimizer.GetSlot(model.Hidden.Weights, slot)));
        Assert.Equal(0, optimizer.StepCount);
    }

    [Fact]
    public void Loading_optimizer_state_from_a_file_without_any_is_refused()
    {
        string path = PathOf("plain.safetensors");
        Checkpoint.Save(new SmallUsn(), path);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new SmallUsn(), path, new Adam()));
        Assert.Contains("holds no optimizer state", e.Message);
    }

    [Fact]
    public void Files_of_the_earlier_format_are_refused_with_the_reason()
    {
        string path = PathOf("v1.safetensors");
        Checkpoint.Save(new SmallUsn(), path);
        Resign(path, (meta, _) => meta["format"] = "sparsegen-checkpoint-1");

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new SmallUsn(), path));
        Assert.Contains("'sparsegen-checkpoint-1' is another version", e.Message);
    }

    [Theory]
    [InlineData("format")]
    [InlineData("fnv1a64")]
    [InlineData("model.inputs")]
    [InlineData("optimizer.steps")]
    [InlineData("Hidden.note")]
    public void Saving_refuses_metadata_keys_the_format_uses(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Save(new SmallUsn(), PathOf("x.safetensors"), metadata: new Dictionary<string, string> { [key] = "1" }));
        Assert.Contains($"'{key}'", e.Message);
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(new SmallUsn(), PathOf("x.safetensors"), metadata: new Dictionary<string, string> { ["preprocessing.std"] = "0" }));
        Assert.False(File.Exists(PathOf("x.safetensors")));
    }

    [Fact]
    public void Writing_uses_a_short_temporary_name_and_reports_the_callers_path()
    {
        // A name the folder accepts must work even when a longer temporary name beside it would not.
        string longName = PathOf(new string('m', 240) + ".safetensors");
        Checkpoint.Save(new SmallUsn(), longName);
        Checkpoint.Load(new SmallUsn(), longName);

        string missing = Path.Combine(_dir, "no-such-folder", "model.safetensors");
        var e = Assert.Throws<IOException>(() => Checkpoint.Save(new SmallUsn(), missing));
        Assert.Contains(missing, e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file()
    {
        string path = PathOf("kept.safetensors");
        Checkpoint.Save(new SmallUsn(), path);
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full");
        }));

        Assert.Contains(path, e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.EnumerateFiles(_dir, ".*"));
    }

    [Fact]
    public void Loading_optimizer_state_of_another_optimizer_is_refused()
    {
        string path = PathOf("adam.safetensors");
        var model = new SmallUsn();
        var adam = new Adam();
        new Trainer(model, adam, Loss.CategoricalCrossEntropy).Fit(new Dataset(new float[13 * 4], 13, [0, 1, 2, 3], 4), 1, 4);
        Checkpoint.Save(model, path, adam);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new SmallUsn(), path, new Sgd(0.1, 0.9)));
        Assert.Contains("optimizer state of Adam, not of Sgd", e.Message);
    }

    [Theory]
    [InlineData("Hidden.weight", 2, float.NaN, "tensor 'Hidden.weight' holds NaN at index 2")]
    [InlineData("Output.bias", 0, float.PositiveInfinity, "tensor 'Output.bias' holds Infinity at index 0")]
    [InlineData("optimizer.Hidden.weight.m", 1, float.NegativeInfinity, "tensor 'optimizer.Hidden.weight.m' holds -Infinity at index 1")]
    public void Non_finite_weights_biases_and_optimizer_state_are_refused_naming_tensor_and_index(string tensor, int index, float value, string message)
    {
        string path = SavedWithOptimizer(out _);
        Resign(path, (_, tensors) =>
        {
            int at = tensors.FindIndex(t => t.Name == tensor);
            byte[] data = (byte[])tensors[at].Data.Clone();
            BitConverter.TryWriteBytes(data.AsSpan(index * 4, 4), value);
            tensors[at] = tensors[at] with { Data = data };
        });

        RejectedUnchanged(path, message);
    }

    /// <summary>A checkpoint of a trained <see cref="SmallUsn"/> with Nadam's state.</summary>
    private string SavedWithOptimizer(out Nadam optimizer)
    {
        var model = new SmallUsn();
        optimizer = new Nadam(0.01);
        new Trainer(model, optimizer, Loss.CategoricalCrossEntropy) { Seed = 1 }.Fit(new Dataset(Reference.Random(13 * 8, 3), 13, [0, 1, 2, 3, 0, 1, 2, 3], 4), 1, 4);
        string path = PathOf(Guid.NewGuid().ToString("N") + ".safetensors");
        Checkpoint.Save(model, path, optimizer, new Dictionary<string, string> { ["preprocessing.mean"] = "0.5", ["preprocessing.std"] = "0.25" });
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file, and asserts that loading it fails naming the file and <paramref name="what"/>.</summary>
    private void Rejected(byte[] bytes, string what)
    {
        string bad = PathOf(Guid.NewGuid().ToString("N") + ".safetensors");
        File.WriteAllBytes(bad, bytes);
        RejectedUnchanged(bad, what);
    }

    /// <summary>Asserts that loading <paramref name="path"/> with an optimizer fails naming the file and <paramref name="what"/>, and changes neither model nor optimizer.</summary>
    private static void RejectedUnchanged(string path, string what)
    {
        var model = new SmallUsn();
        model.Initialize(5);
        var optimizer = new Nadam(0.01);
        float[][] before = model.Layers.SelectMany(l => new[] { l.Weights.Values, l.Bias.Values }).Select(v => (float[])v.Clone()).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model, path, optimizer));

        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(what, e.Message);
        Assert.Equal(before, model.Layers.SelectMany(l => new[] { l.Weights.Values, l.Bias.Values }));
        Assert.Equal(0, optimizer.StepCount);
        Assert.Equal(1.0, optimizer.GetScalars()["momentum_product"]);
        Assert.All(model.Layers, l => Assert.Null(optimizer.GetSlot(l.Weights, "m")));
    }

    /// <summary>Rewrites <paramref name="path"/> after <paramref name="edit"/> changes its metadata and tensors, with a checksum that matches.</summary>
    internal static void Resign(string path, Action<Dictionary<string, string>, List<RawTensor>> edit)
    {
        Dictionary<string, string> meta;
        List<RawTensor> tensors;
        using (SafetensorsFile file = Safetensors.Read(path))
        {
            meta = file.Metadata.Where(m => m.Key != Safetensors.ChecksumKey).ToDictionary();
            tensors = file.Tensors.Values.OrderBy(t => t.Start).Select(t => new RawTensor(t.Name, t.DType, t.Shape, file.Read<byte>(t))).ToList();
        }

        edit(meta, tensors);
        Safetensors.Write(path, meta, tensors.Select(t => Safetensors.Tensor.Of(t.Name, t.DType, t.Shape, t.Data)).ToList());
    }

    /// <summary>The file at <paramref name="path"/> with its header JSON edited (checksum not updated).</summary>
    private static byte[] EditHeader(string path, Action<JsonNode> edit)
    {
        var (header, data) = Split(File.ReadAllBytes(path));
        JsonNode json = JsonNode.Parse(header)!;
        edit(json);
        return Join(json.ToJsonString(), data);
    }

    private static (byte[] Header, byte[] Data) Split(byte[] bytes)
    {
        int length = (int)BitConverter.ToUInt64(bytes, 0);
        return (bytes[8..(8 + length)], bytes[(8 + length)..]);
    }

    /// <summary>A safetensors file of <paramref name="header"/> and <paramref name="data"/>.</summary>
    internal static byte[] Join(string header, byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. data];
    }

    private static (System.Text.Json.JsonDocument Header, byte[] Data) ReadRaw(string path)
    {
        var (header, data) = Split(File.ReadAllBytes(path));
        return (System.Text.Json.JsonDocument.Parse(header), data);
    }

    private static ReadOnlySpan<byte> Range(System.Text.Json.JsonDocument header, byte[] data, string name)
    {
        var offsets = header.RootElement.GetProperty(name).GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return data.AsSpan(offsets[0], offsets[1] - offsets[0]);
    }

    private static float[] Floats(System.Text.Json.JsonDocument header, byte[] data, string name) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Range(header, data, name)).ToArray();

    private static int[] Ints(System.Text.Json.JsonDocument header, byte[] data, string name) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(Range(header, data, name)).ToArray();
}

/// <summary>A tensor held as bytes, for tests that edit a file's tensors (<see cref="CheckpointTests.Resign"/>).</summary>
internal sealed record RawTensor(string Name, string DType, long[] Shape, byte[] Data);
