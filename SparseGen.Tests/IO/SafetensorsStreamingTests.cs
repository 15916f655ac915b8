using System.Buffers.Binary;
using System.Text;
using SparseGen;
using SparseGen.IO;
using SparseGen.Networks;

namespace SparseGen.Tests.IO;

/// <summary>Safetensors files past 2^31 bytes, read at 64-bit offsets, and checkpoints saved without a copy of their tensors.</summary>
public sealed class SafetensorsStreamingTests : IDisposable
{
    private const long Beyond = (1L << 31) + 24;

    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-stream-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_tensor_beyond_two_gigabytes_is_read_from_its_offset()
    {
        string path = SparseFile(tailEnd: Beyond + 16, fileData: Beyond + 16);

        using SafetensorsFile file = Safetensors.Read(path);

        Assert.Equal([1.5f, -2f, 3.25f, 1e-3f], file.Floats("tail", 4));
        Assert.Equal(Beyond, file.Tensors["tail"].Start);
    }

    [Fact]
    public void A_tensor_that_ends_beyond_the_file_is_refused()
    {
        string path = SparseFile(tailEnd: Beyond + 16, fileData: Beyond + 12);

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(path).Dispose());

        Assert.Contains($"tensor 'tail' spans data bytes {Beyond}..{Beyond + 16}, but the data holds {Beyond + 12} bytes", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void Saving_allocates_far_less_than_the_tensors_hold()
    {
        string path = Path.Combine(_dir, "mid.safetensors");
        var model = new GenericSparseModel(1000,
        [
            new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 1000, 0.5, 1, Activation.Relu),
            new LayerSpec("Output", ConnectivityPattern.ErdosRenyi, 1000, 0.5, 2, Activation.Softmax),
        ]);
        var adam = new Adam(0.01);
        foreach (ISparseLayer layer in model.Layers)
        {
            adam.SetSlot(layer.Weights, "m", layer.Weights.Values);
        }

        Checkpoint.Save(model, path, adam); // the first save fills the buffer pools
        long before = GC.GetAllocatedBytesForCurrentThread();
        Checkpoint.Save(model, path, adam);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(model.Layers.Sum(l => l.EdgeCount) > 900_000);
        Assert.True(allocated < new FileInfo(path).Length / 20, $"Saving a {new FileInfo(path).Length}-byte checkpoint allocated {allocated} bytes.");
    }

    /// <summary>
    /// A file whose data section holds a U8 tensor <c>pad</c> of <see cref="Beyond"/> bytes, then an F32 tensor
    /// <c>tail</c> of 4 values whose header says it ends at <paramref name="tailEnd"/>; the data section is
    /// <paramref name="fileData"/> bytes. The pad is a hole: the file takes a few kilobytes of disk.
    /// </summary>
    private string SparseFile(long tailEnd, long fileData)
    {
        string json = $$$"""{"pad":{"dtype":"U8","shape":[{{{Beyond}}}],"data_offsets":[0,{{{Beyond}}}]},"tail":{"dtype":"F32","shape":[4],"data_offsets":[{{{Beyond}}},{{{tailEnd}}}]}}""";
        byte[] header = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        string path = Path.Combine(_dir, "sparse.safetensors");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        stream.SetLength(8 + header.Length + fileData);
        stream.Position = 8 + header.Length + Beyond;
        byte[] tail = new byte[16];
        float[] values = [1.5f, -2f, 3.25f, 1e-3f];
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(tail.AsSpan(4 * i), values[i]);
        }

        stream.Write(tail.AsSpan(0, (int)Math.Min(16, fileData - Beyond)));
        return path;
    }
}
