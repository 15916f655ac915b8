using SparseGen;
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
        var model = new ExplicitStrategies(); // WideComputed stores weights shift-major
        string path = PathOf("order.safetensors");
        Checkpoint.Save(model, path);
        var (header, data) = ReadRaw(path);

        ISparseLayer layer = model.WideComputed;
        var topology = SparseGen.Topology.Create(layer.Pattern, layer.Inputs, layer.Units, layer.Density, layer.Seed);
        int[] edges = Ints(header, data, "WideComputed.edges");
        float[] weights = Floats(header, data, "WideComputed.weight");
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

        void Rejected(byte[] bytes, string what)
        {
            string bad = PathOf(Guid.NewGuid().ToString("N") + ".safetensors");
            File.WriteAllBytes(bad, bytes);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new SmallUsn(), bad));
            Assert.StartsWith(bad + ": ", e.Message);
            Assert.Contains(what, e.Message);
        }

        Rejected(good[..5], "fewer than the 8-byte header length");
        Rejected(good[..100], "truncated: the header length field says");
        Rejected(good[..(good.Length - 10)], "truncated or corrupted: tensor");
        byte[] flipped = (byte[])good.Clone();
        flipped[^3] ^= 0x40;
        Rejected(flipped, "corrupted: the tensor data's FNV-1a 64 checksum");
        byte[] header = (byte[])good.Clone();
        header[12] = (byte)'!';
        Rejected(header, "corrupted header");
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

    private static (System.Text.Json.JsonDocument Header, byte[] Data) ReadRaw(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = (int)BitConverter.ToUInt64(bytes, 0);
        return (System.Text.Json.JsonDocument.Parse(bytes.AsMemory(8, length)), bytes[(8 + length)..]);
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
