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

    [Fact]
    public void Accepts_the_t10k_names_that_MNIST_and_Fashion_MNIST_ship_with()
    {
        // As Debian's dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist.
        WriteGzip("train-images-idx3-ubyte.gz", Idx([4, 2, 2], new byte[16]));
        WriteGzip("train-labels-idx1-ubyte.gz", Idx([4], [0, 1, 2, 1]));
        WriteGzip("t10k-images-idx3-ubyte.gz", Idx([2, 2, 2], new byte[8]));
        WriteGzip("t10k-labels-idx1-ubyte.gz", Idx([2], [1, 0]));

        var (train, test) = IdxDataset.LoadSplits(_dir);

        Assert.Equal((4, 2, 3), (train.Count, test.Count, test.ClassCount));
        Assert.Equal([1, 0], Enumerable.Range(0, 2).Select(test.Label));
        Assert.Equal(2, IdxDataset.Load(_dir, "test").Count);
    }

    [Fact]
    public void A_split_without_images_is_refused_naming_the_file()
    {
        WriteSplit("train", Idx([0, 2, 2], []), Idx([0], []));
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(_dir, "train"));
        Assert.Contains(Path.Combine(_dir, "train-images"), e.Message);
        Assert.Contains("holds no data (0 x 2 x 2)", e.Message);
    }

    [Fact]
    public void Splits_with_different_image_sizes_are_refused_naming_both_files()
    {
        WriteSplit("train", Idx([2, 2, 2], new byte[8]), Idx([2], [0, 1]));
        WriteSplit("test", Idx([2, 3, 3], new byte[18]), Idx([2], [0, 1]));

        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.LoadSplits(_dir));

        Assert.Contains("test-images-idx3-ubyte holds images of 9 pixels", e.Message);
        Assert.Contains("train-images-idx3-ubyte holds images of 4", e.Message);
    }

    [Fact]
    public void One_corrupt_label_byte_is_refused_with_its_offset_not_read_as_256_classes()
    {
        byte[] labels = Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray();
        labels[17] = 255;
        WriteSplit("train", Idx([40, 2], new byte[80]), Idx([40], labels));
        WriteSplit("test", Idx([2, 2], new byte[4]), Idx([2], [0, 1]));

        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.LoadSplits(_dir));

        Assert.Contains("train-labels-idx1-ubyte: at byte 25 (after decompression): sample 17 has label 255, but no sample has label 10, so the labels imply 10 classes", e.Message);
    }

    [Fact]
    public void Test_labels_outside_the_training_classes_and_labels_from_1_are_refused()
    {
        WriteSplit("train", Idx([3, 2], new byte[6]), Idx([3], [0, 1, 2]));
        WriteSplit("test", Idx([2, 2], new byte[4]), Idx([2], [1, 3]));
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.LoadSplits(_dir));
        Assert.Contains("test-labels-idx1-ubyte: at byte 9 (after decompression): sample 1 has label 3, but the training labels in", e.Message);

        WriteSplit("train", Idx([3, 2], new byte[6]), Idx([3], [1, 2, 3]));
        e = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(_dir, "train"));
        Assert.Contains("sample 0 has label 1, but no sample has label 0", e.Message);
    }

    [Theory]
    [InlineData(new[] { 65536, 65536, 65536 }, 8, "the dimensions 65536 x 65536 multiply to more than 2147483591 bytes")]
    [InlineData(new[] { int.MaxValue, 2 }, 4, "the dimensions 2147483647 multiply to more than")]
    [InlineData(new[] { 2, -1 }, 8, "dimension 1 is negative (-1)")]
    public void Dimensions_whose_product_overflows_are_refused_before_any_allocation(int[] dims, int offset, string message)
    {
        string path = Write("huge.idx", Idx(dims, new byte[16]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains($"{path}: at byte {offset} (after decompression): {message}", e.Message);
    }

    [Fact]
    public void A_gzip_bomb_is_refused_after_decompressing_only_what_the_header_declares()
    {
        // 64 MiB of zeros compress to about 64 KiB; the header declares 10 bytes.
        string path = WriteGzip("bomb.gz", [.. Idx([10], new byte[10]), .. new byte[64 << 20]]);
        Assert.InRange(new FileInfo(path).Length, 1, 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4 << 20);
        Assert.Contains($"{path}: at byte 18 (after decompression): more bytes follow the 10 bytes of data (10)", e.Message);
    }

    [Fact]
    public void A_header_promising_more_than_the_gzip_file_can_hold_is_refused_before_allocating_it()
    {
        string path = WriteGzip("small.gz", Idx([60000, 28, 28], new byte[100]));
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(path));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("truncated: the header promises 47040000 bytes of data (60000 x 28 x 28), more than a gzip file of", e.Message);
    }

    private void WriteSplit(string split, byte[] images, byte[] labels)
    {
        Write($"{split}-images-idx3-ubyte", images);
        Write($"{split}-labels-idx1-ubyte", labels);
    }

    private string WriteGzip(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static byte[] Idx(int[] dims, byte[] data)
    {
        var header = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (int d in dims)
        {
            header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return [.. header, .. data];
    }
}
