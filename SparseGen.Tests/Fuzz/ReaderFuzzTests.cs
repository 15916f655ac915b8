using System.IO.Compression;
using System.Text;
using SparseGen;
using SparseGen.Data;
using SparseGen.IO;
using SparseGen.Tests.Data;
using SparseGen.Tests.Numerics;
using SparseGen.Tests.Training;

namespace SparseGen.Tests.Fuzz;

/// <summary>
/// Seeded, bounded fuzzing of every reader: each mutated input is either read correctly or refused with the
/// reader's documented exception and a message naming the file. Any other exception fails the test.
/// </summary>
public sealed class ReaderFuzzTests : IDisposable
{
    private const int Cases = 200;

    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Idx_files_are_read_or_refused()
    {
        var mutate = new Mutator(1);
        byte[] images = IdxReaderTests.Idx([6, 3, 4], Enumerable.Range(0, 72).Select(i => (byte)(i * 7)).ToArray());
        byte[] labels = IdxReaderTests.Idx([6], [0, 1, 2, 1, 0, 2]);
        byte[] testImages = IdxReaderTests.Idx([2, 3, 4], new byte[24]);
        byte[] testLabels = IdxReaderTests.Idx([2], [2, 0]);
        var outcomes = new Outcomes();
        for (int k = 0; k < Cases; k++)
        {
            // Raw files, mutated gzip streams, and gzip streams of mutated content; a quarter through the data set loader.
            byte[] source = mutate.Pick([images, labels]);
            byte[] mutated = mutate.Bytes(source, 16);
            byte[] file = (k % 3) switch
            {
                0 => mutated,
                1 => mutate.Bytes(Gzip(source), 24),
                _ => Gzip(mutated),
            };
            if (k % 4 == 3)
            {
                string dir = Directory.CreateDirectory(Path.Combine(_dir, $"split{k}")).FullName;
                File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), source == images ? file : images);
                File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), source == labels ? file : labels);
                File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), testImages);
                File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), testLabels);
                outcomes.Check<InvalidDataException>(dir, () =>
                {
                    var (train, test) = IdxDataset.LoadSplits(dir);
                    Assert.Equal(train.FeatureCount, test.FeatureCount);
                    Assert.All(Enumerable.Range(0, train.Count), s => Assert.InRange(train.Label(s), 0, train.ClassCount - 1));
                    Assert.InRange(train.ClassCount, 2, 3);
                });
                continue;
            }

            string path = Write($"case{k}.idx", file);
            outcomes.Check<InvalidDataException>(path, () =>
            {
                var (dims, data) = IdxReader.Read(path);
                Assert.Equal(dims.Aggregate(1L, (a, d) => a * d), data.Length);
            });
        }

        outcomes.AssertBoth(Cases);
    }

    [Fact]
    public void Csv_files_are_read_or_refused()
    {
        var mutate = new Mutator(2);
        string valid = "x1,x2,species\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"{i * 0.5},{-i},{(i % 3 == 0 ? "setosa" : "\"virginica\"")}\n"));
        var outcomes = new Outcomes();
        for (int k = 0; k < Cases; k++)
        {
            string text = mutate.Text(k % 5 == 0 ? mutate.Text(valid) : valid);
            string path = k % 17 == 16 ? Write($"case{k}.csv", mutate.Garbage(text)) : Write($"case{k}.csv", Encoding.UTF8.GetBytes(text));
            var options = new CsvOptions("species", k % 2 == 0 ? null : ["setosa", "virginica"]);
            outcomes.Check<InvalidDataException>(path, () =>
            {
                var (data, classes) = CsvDataset.Load(path, options);
                Assert.Equal(data.ClassCount, classes.Count);
                Assert.All(Enumerable.Range(0, data.Count), s => Assert.All(data.Features(s).ToArray(), x => Assert.True(float.IsFinite(x))));
            });
        }

        outcomes.AssertBoth(Cases);
    }

    [Fact]
    public void Matrix_Market_files_are_read_or_refused()
    {
        var mutate = new Mutator(3);
        string source = Path.Combine(_dir, "valid.mtx");
        var topology = SparseGen.Topology.Create(ConnectivityPattern.Uniform, 12, 8, 0.3, 5);
        MatrixMarket.Write(topology, source, "fuzz");
        string pattern = File.ReadAllText(source);
        string real = pattern.Replace("pattern", "real", StringComparison.Ordinal);
        var outcomes = new Outcomes();
        for (int k = 0; k < Cases; k++)
        {
            string text = (k % 4) switch
            {
                0 => mutate.Text(pattern),
                1 => mutate.Text(mutate.Text(pattern)),
                2 => mutate.Text(AddValues(real, mutate)),
                _ => pattern.Replace("pattern general", mutate.Pick(["complex general", "integer general", "real symmetric", "pattern hermitian", "array general", "PATTERN GENERAL"]), StringComparison.Ordinal),
            };
            string path = Write($"case{k}.mtx", Encoding.UTF8.GetBytes(text));
            outcomes.Check<InvalidDataException>(path, () =>
            {
                var read = MatrixMarket.Read(path);
                Assert.Equal(read.EdgeCount, read.Edges.Count());
            });
        }

        outcomes.AssertBoth(Cases);
    }

    [Fact]
    public void Checkpoints_are_loaded_or_refused_without_changing_model_or_optimizer()
    {
        var mutate = new Mutator(4);
        var saved = new SmallUsn();
        var trained = new Nadam(0.01);
        new Trainer(saved, trained, Loss.CategoricalCrossEntropy) { Seed = 1 }.Fit(new Dataset(Reference.Random(13 * 8, 3), 13, [0, 1, 2, 3, 0, 1, 2, 3], 4), 1, 4);
        string source = Path.Combine(_dir, "valid.safetensors");
        Checkpoint.Save(saved, source, trained, new Dictionary<string, string> { ["preprocessing.mean"] = "0.5", ["preprocessing.std"] = "0.25" });
        byte[] valid = File.ReadAllBytes(source);
        int headerLength = 8 + (int)BitConverter.ToUInt64(valid, 0);
        var outcomes = new Outcomes();
        for (int k = 0; k < Cases; k++)
        {
            string path = Path.Combine(_dir, $"case{k}.safetensors");
            switch (k % 4)
            {
                case 0:
                    File.WriteAllBytes(path, mutate.Bytes(valid, headerLength));
                    break;
                case 1:
                    File.WriteAllBytes(path, HeaderLengthAtLimit(valid, mutate));
                    break;
                case 2:
                    File.WriteAllBytes(path, EditHeader(valid, mutate));
                    break;
                default:
                    // A semantic edit with a checksum that matches, so the checks behind the checksum are reached.
                    File.Copy(source, path);
                    Resign(path, mutate);
                    break;
            }

            var model = new SmallUsn();
            model.Initialize(9);
            var optimizer = new Nadam(0.01);
            float[][] before = Parameters(model);
            outcomes.Check<InvalidDataException>(path, () => Checkpoint.Load(model, path, optimizer), onRefusal: () =>
            {
                Assert.Equal(before, Parameters(model));
                Assert.Equal(0, optimizer.StepCount);
                Assert.All(model.Layers, l => Assert.Null(optimizer.GetSlot(l.Bias, "v")));
            });
        }

        outcomes.AssertBoth(Cases);
    }

    private static float[][] Parameters(ISparseModel model) =>
        model.Layers.SelectMany(l => new[] { l.Weights.Values, l.Bias.Values }).Select(v => (float[])v.Clone()).ToArray();

    private static byte[] HeaderLengthAtLimit(byte[] valid, Mutator mutate)
    {
        byte[] b = (byte[])valid.Clone();
        ulong length = BitConverter.ToUInt64(b, 0);
        ulong[] limits = [0, 1, 2, length - 1, length + 1, (ulong)b.Length - 8, (ulong)b.Length, 100_000_001, 1UL << 31, 1UL << 63, ulong.MaxValue];
        BitConverter.TryWriteBytes(b.AsSpan(0, 8), mutate.Pick(limits));
        return b;
    }

    /// <summary>One edit of the header JSON: an offset or dimension at a limit, another dtype, a tensor dropped or named twice.</summary>
    private static byte[] EditHeader(byte[] valid, Mutator mutate)
    {
        int length = (int)BitConverter.ToUInt64(valid, 0);
        var header = System.Text.Json.Nodes.JsonNode.Parse(valid.AsSpan(8, length))!.AsObject();
        string name = mutate.Pick(header.Select(p => p.Key).Where(n => n != "__metadata__").ToArray());
        var tensor = header[name]!.AsObject();
        switch (mutate.Next(5))
        {
            case 0:
                tensor["data_offsets"]![mutate.Next(2)] = mutate.Pick(Mutator.Limits);
                break;
            case 1:
                var shape = tensor["shape"]!.AsArray();
                shape[mutate.Next(shape.Count)] = mutate.Pick(Mutator.Limits);
                break;
            case 2:
                tensor["dtype"] = mutate.Pick(["F16", "I32", "F64", "BOOL", "X", ""]);
                break;
            case 3:
                header.Remove(name);
                break;
            default:
                string entry = $"\"{name}\":{tensor.ToJsonString()}";
                string json = header.ToJsonString();
                return CheckpointTests.Join(json[..^1] + "," + entry + "}", valid[(8 + length)..]);
        }

        return CheckpointTests.Join(header.ToJsonString(), valid[(8 + length)..]);
    }

    /// <summary>Rewrites a checkpoint with one metadata value, tensor name, shape, dtype or data changed, and a valid checksum.</summary>
    private static void Resign(string path, Mutator mutate) => CheckpointTests.Resign(path, (meta, tensors) =>
    {
        int t = mutate.Next(tensors.Count);
        switch (mutate.Next(6))
        {
            case 0:
                meta[mutate.Pick(meta.Keys.ToArray())] = mutate.Pick(Mutator.Tokens);
                break;
            case 1:
                meta.Remove(mutate.Pick(meta.Keys.ToArray()));
                break;
            case 2:
                tensors[t] = tensors[t] with { Name = mutate.Pick(tensors).Name + mutate.Pick(["", ".x", "2"]) };
                var distinct = tensors.DistinctBy(x => x.Name).ToList();
                tensors.Clear();
                tensors.AddRange(distinct);
                break;
            case 3:
                tensors.RemoveAt(t);
                break;
            case 4:
                int n = tensors[t].Data.Length;
                var (dtype, shape) = mutate.Pick<(string, long[])>([("I32", [n / 4]), ("U32", [n / 4]), ("F16", [n / 2]), ("F32", [1, n / 4]), ("F32", [n / 4, 1])]);
                tensors[t] = tensors[t] with { DType = dtype, Shape = shape };
                break;
            default:
                byte[] data = (byte[])tensors[t].Data.Clone();
                if (data.Length > 0)
                {
                    data[mutate.Next(data.Length)] = (byte)mutate.Next(256);
                }

                tensors[t] = tensors[t] with { Data = data };
                break;
        }
    });

    /// <summary>Gives each entry line of <paramref name="text"/> a value, now and then one that is zero or not a number.</summary>
    private static string AddValues(string text, Mutator mutate) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length > 0 && char.IsDigit(l[0]) && l.Split(' ').Length == 2
            ? $"{l} {(mutate.Next(20) == 0 ? mutate.Pick(["0", "0.0", "-0", "NaN", "1e400", "x"]) : mutate.Pick(["1", "0.5", "-2e3"]))}" : l));

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Counts inputs read and refused, and fails on anything else.</summary>
    private sealed class Outcomes
    {
        private int _read;
        private int _refused;

        /// <summary>Runs <paramref name="read"/>: it returns, or throws <typeparamref name="TRefusal"/> whose message names <paramref name="path"/>.</summary>
        public void Check<TRefusal>(string path, Action read, Action? onRefusal = null)
            where TRefusal : Exception
        {
            try
            {
                read();
                _read++;
            }
            catch (TRefusal e) when (e.GetType() == typeof(TRefusal))
            {
                Assert.Contains(path, e.Message);
                onRefusal?.Invoke();
                _refused++;
            }
        }

        /// <summary>Asserts that all <paramref name="cases"/> ran and that the mutations produced both outcomes.</summary>
        public void AssertBoth(int cases)
        {
            Assert.Equal(cases, _read + _refused);
            Assert.True(_refused > cases / 4, $"{_refused} of {cases} refused");
            Assert.True(_read > 0, $"none of {cases} read");
        }
    }
}
