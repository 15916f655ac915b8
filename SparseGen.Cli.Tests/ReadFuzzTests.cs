using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using SparseGen.Cli.Sweep;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Tests;

/// <summary>
/// Property tests of the readers of files others write (grid files, point result and failure files, the Slurm
/// submission record): random bytes, truncations, values of wrong types, huge numbers, duplicate keys, deep nesting. Every
/// input is accepted or refused with one line naming the file as a <see cref="UsageException"/> or
/// <see cref="InvalidDataException"/> (a point file: reported corrupt); never another exception, never over 10 s or
/// 64 MB of allocation for one read (docs/guarantees.md).
/// </summary>
public sealed partial class ReadFuzzTests
{
    private static readonly string[] Hostile =
    [
        "null", "true", "\"\"", "\"x\"", "[]", "{}", "-1", "0", "-0", "1.5", "1e400", "-1e400", "1e-400", "99999999999999999999999999999",
        "2147483648", "-2147483649", "18446744073709551616", "4294967296", "NaN", "\"NaN\"", "\"Infinity\"", "\"\\u0000\"", "\"../..\"", "\"a/b\"",
        "[null]", "[[]]", "[-1]", "[0]", "[1e308, 1e308]", "[\"per-run\", \"per-run\"]", "{\"a\": 1, \"a\": 2}", "[2147483647]", "[[2147483647, 2147483647]]",
        "\"" + new string('x', 5000) + "\"", new string('[', 5000) + new string(']', 5000), "[" + string.Join(",", Enumerable.Range(0, 2000)) + "]",
        "\"00:05:00\\n#SBATCH --x\"", "\"١٠\"", "1,", "\"unterminated", "/* comment */ 1",
    ];

    private static Gen<byte[]> Inputs(string valid)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(valid);
        MatchCollection values = ScalarValue().Matches(valid);
        MatchCollection keys = Key().Matches(valid);
        Gen<byte[]> random = Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));
        Gen<byte[]> truncated = Gen.Choose(0, bytes.Length).Select(n => bytes[..n]);
        Gen<byte[]> flipped = from at in Gen.Choose(0, bytes.Length - 1) from b in Gen.Choose(0, 255) select Flip(bytes, at, (byte)b);
        Gen<byte[]> wrongValues = from count in Gen.Choose(1, 3)
                                  from picks in Gen.ArrayOf(Gen.Choose(0, values.Count - 1), count)
                                  from hostile in Gen.ArrayOf(Gen.Elements(Hostile), count)
                                  select Encoding.UTF8.GetBytes(Replace(valid, values, picks, hostile));
        Gen<byte[]> duplicated = from k in Gen.Choose(0, keys.Count - 1)
                                 from v in Gen.Elements(Hostile)
                                 select Encoding.UTF8.GetBytes(valid.Insert(keys[k].Index, $"{keys[k].Value} {v}, "));
        Gen<byte[]> nested = Gen.Choose(1, 100_000).Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)));
        Gen<byte[]> whole = Gen.Elements(Hostile).Select(Encoding.UTF8.GetBytes);
        return Gen.OneOf(random, truncated, flipped, wrongValues, wrongValues, wrongValues, duplicated, nested, whole);
    }

    private static byte[] Flip(byte[] bytes, int at, byte value)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }

    private static string Replace(string valid, MatchCollection values, int[] picks, string[] hostile)
    {
        var text = new StringBuilder(valid);
        foreach (var (pick, value) in picks.Zip(hostile).DistinctBy(p => p.First).OrderByDescending(p => p.First))
        {
            Match m = values[pick];
            text.Remove(m.Index, m.Length).Insert(m.Index, value);
        }

        return text.ToString();
    }

    /// <summary>Runs <paramref name="read"/> on each input written to <paramref name="path"/>; checks its time and allocation.</summary>
    private static void Check(string path, string valid, Action read, Func<Exception, bool> refusal, int tests = 400)
    {
        Prop.ForAll(Inputs(valid).ToArbitrary(), input =>
        {
            File.WriteAllBytes(path, input);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                read();
            }
            catch (Exception e) when (refusal(e))
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.Contains(path, e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message} for {Show(input)}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s for {Show(input)}");
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 64 << 20, $"allocated {(GC.GetAllocatedBytesForCurrentThread() - allocated) >> 20} MB for {Show(input)}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(tests));
    }

    private static string Show(byte[] input) => input.Length > 300 ? $"{input.Length} bytes starting {Encoding.UTF8.GetString(input[..300])}" : Encoding.UTF8.GetString(input);

    [Fact]
    public void Any_grid_file_is_loaded_or_refused_in_one_line_naming_it()
    {
        string folder = Cli.TempFolder();
        string valid = Cli.TinyGrid("fuzz").Replace("\"epochs\": 1", "\"epochs\": 1, \"batch_size\": 32, \"dropout\": 0.1");
        string path = Cli.Grid(folder, valid);
        Assert.Equal(4, Grid.Load(path).Points.Count);
        Check(path, valid, () => Grid.Load(path), e => e is UsageException or InvalidDataException);
    }

    [Fact]
    public void Any_point_result_failure_or_submission_file_is_read_or_reported_corrupt_naming_it()
    {
        string folder = Cli.TempFolder();
        Grid grid = Grid.Load(Cli.Grid(folder, Cli.TinyGrid("fuzz-points")));
        var store = new PointStore(Path.Combine(folder, "out"));
        store.Create();
        SweepPoint point = grid.Points[0];
        var summary = new RunSummary(0.9, 0.3, 0.95, 0.2, 1.5, 1.5, 1, 1000, 500, 784, 300, 200, point.Pattern, point.Density, point.Hidden, point.TopologySeed, point.Seed, 32, "adam", 0.001);
        store.WriteResult(point, summary);
        Assert.NotNull(store.ReadResult(point));
        string result = File.ReadAllText(store.ResultPath(0));
        Check(store.ResultPath(0), result, () =>
        {
            PointRead read = store.Read(point);
            if (read.Corrupt is { } why)
            {
                throw new InvalidDataException(why);
            }

            _ = store.Status(point);
        }, e => e is InvalidDataException);

        store.WriteFailure(point, "IOException: No space left on device");
        string failure = File.ReadAllText(store.FailurePath(0));
        Check(store.FailurePath(0), failure, () => _ = store.ReadFailure(0), _ => false, tests: 200);

        SlurmRecord.Write(store, [new Submission("1001", "0-3,7", "node", DateTime.UtcNow)]);
        string record = File.ReadAllText(SlurmRecord.PathOf(store));
        Check(SlurmRecord.PathOf(store), record, () => _ = SlurmRecord.Read(store), e => e is InvalidDataException, tests: 200);
    }

    [GeneratedRegex("(?<=\": )(\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*|true|false|null)")]
    private static partial Regex ScalarValue();

    [GeneratedRegex("\"[a-z_]+\":")]
    private static partial Regex Key();
}
