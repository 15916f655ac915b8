using System.Security.Cryptography;
using SparseGen;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.IO;

/// <summary>Checkpoints and topology files hold the bytes the writers that built them in memory wrote (before they streamed).</summary>
public sealed class WrittenBytesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-bytes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>SHA-256 of the files the in-memory writer (before streaming) wrote for these models.</summary>
    [Theory]
    [InlineData("explicit", "80D6EA614CB63010656013E4945331EEAE09305210A7C5A90144AC39CFF60C30")]
    [InlineData("generic", "287CCB521C411D41E965F0A6644281F2AFB6DCB37C2FE78FD96A724954E1729F")]
    public void Streamed_checkpoints_are_byte_identical_to_those_of_the_in_memory_writer(string model, string sha256)
    {
        string path = Path.Combine(_dir, model + ".safetensors");
        ISparseModel network = model == "explicit" ? new ExplicitStrategies() : Generic();
        network.Initialize(21);
        var adam = new Adam(0.01);
        ulong seed = 1;
        foreach (ISparseLayer layer in network.Layers)
        {
            Reference.Random(layer.Units, seed++).CopyTo(layer.Bias.Values, 0);
            foreach (string slot in adam.SlotNames)
            {
                adam.SetSlot(layer.Weights, slot, Reference.Random(layer.EdgeCount, seed++));
            }
        }

        Checkpoint.Save(network, path, adam, new Dictionary<string, string> { ["note"] = "reference" });

        Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
    }

    [Fact]
    public void Streamed_matrix_market_files_are_byte_identical_to_those_built_in_memory()
    {
        string path = Path.Combine(_dir, "hidden.mtx");
        var topology = SparseGen.Topology.Create(ConnectivityPattern.ErdosRenyi, 300, 200, 0.1, 3);

        SparseGen.IO.MatrixMarket.Write(topology, path, "first line\r\nsecond line\n");

        Assert.Equal("8EF8B855DEF51682E13178C3B0C6C64D8B0787A892CF2ECB2E5900A6F57CFD2E", Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
    }

    private static GenericSparseModel Generic() => new(12,
    [
        new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 20, 0.3, 5, Activation.Relu),
        new LayerSpec("Output", ConnectivityPattern.ErdosRenyi, 4, 0.5, 6, Activation.Softmax),
    ]);
}
