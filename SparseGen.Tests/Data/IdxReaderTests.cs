using System.IO.Compression;
using SparseGen;
using SparseGen.Data;

namespace SparseGen.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_the_shipped_MNIST_subset()
    {
        var (train, test) = IdxDataset.LoadSplits(TestData.MnistDirectory);

        Assert.Equal((8000, 784, 10), (train.Count, train.FeatureCount, train.ClassCount));
        Assert.Equal((1000, 784, 10), (test.Count, test.FeatureCount, test.ClassCount));
        Assert.All(Enumerable.Range(0, 100), s => Assert.InRange(train.Features(s).ToArray().Max(), 0.5f, 1f));
    }

    [Fact]
    public void Reads_raw_and_gzip_files_alike()
    {
        byte[] file = Idx([2, 2], [1, 2, 3, 4]);
        string raw = Write("raw.idx", file);
        string gz = Path.Combine(_dir, "a.gz");
        using (var gzip = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            gzip.Write(file);
        }

        Assert.Equal(IdxReader.Read(raw).Data, IdxReader.Read(gz).Data);
        Assert.Equal([2, 2], IdxReader.Read(gz).Dimensions);
    }

    [Fact]
    public void Rejects_a_bad_magic_number_with_the_file_and_offset()
    {
        string path = Write("bad.idx", [0x12, 0x34, 0x08, 0x01, 0, 0, 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("at byte 0", e.Message);
        Assert.Contains("magic number 0x12340801", e.Message);
    }

    [Fact]
    public void Rejects_a_truncated_file_saying_how_much_is_missing()
    {
        byte[] full = Idx([10, 4], new byte[40]);
        string path = Write("short.idx", full[..30]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated: the header promises 40 bytes", e.Message);
        Assert.Contains("only 18 follow", e.Message);
    }

    [Fact]
    public void Rejects_a_truncated_gzip_stream()
    {
        string gz = Path.Combine(_dir, "cut.gz");
        using (var gzip = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            gzip.Write(Idx([100, 10], new byte[1000]));
        }

        byte[] bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => IdxReader.Read(gz));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains(gz, e.Message);
    }

    [Fact]
    public void Rejects_image_and_label_counts_that_differ_naming_both_files()
    {
        Write("train-images-idx3-ubyte", Idx([3, 2, 2], new byte[12]));
        Write("train-labels-idx1-ubyte", Idx([2], [0, 1]));
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(_dir, "train"));
        Assert.Contains("holds 3 images", e.Message);
        Assert.Contains("holds 2 labels", e.Message);
        Assert.Contains("train-labels-idx1-ubyte", e.Message);
    }

    [Fact]
    public void A_missing_file_says_what_the_folder_must_hold()
    {
        var e = Assert.Throws<FileNotFoundException>(() => IdxDataset.LoadSplits(_dir));
        Assert.Contains("train-images", e.Message);
        Assert.Contains("test-labels", e.Message);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var header = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims)
        {
            header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return [.. header, .. data];
    }
}
