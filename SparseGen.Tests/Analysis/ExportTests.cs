using SparseGen;
using TopologyType = SparseGen.Topology;
using SparseGen.IO;

namespace SparseGen.Tests.Analysis;

public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Matrix_Market_round_trips_every_pattern()
    {
        foreach (ConnectivityPattern pattern in Enum.GetValues<ConnectivityPattern>())
        {
            var t = TopologyType.Create(pattern, 40, 30, pattern == ConnectivityPattern.Dense ? 1.0 : 0.2, 3);
            string path = Path.Combine(_dir, pattern + ".mtx");
            MatrixMarket.Write(t, path, $"pattern {pattern}");

            var read = MatrixMarket.Read(path);

            Assert.Equal(t.Edges, read.Edges);
            Assert.Equal(t.Fingerprint, read.Fingerprint);
        }
    }

    [Fact]
    public void Matrix_Market_files_are_1_based_rows_are_outputs()
    {
        string path = Path.Combine(_dir, "small.mtx");
        MatrixMarket.Write(TopologyType.FromEdges(3, 2, [(2, 0), (0, 1)]), path);

        string[] lines = File.ReadAllLines(path);

        Assert.Equal("%%MatrixMarket matrix coordinate pattern general", lines[0]);
        Assert.Equal(["2 3 2", "1 3", "2 1"], lines.SkipWhile(l => l.StartsWith('%')));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("%%MatrixMarket matrix array real general\n2 2\n", "line 1", "expected the banner")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1\n3 1\n", "line 3", "outside the 2 x 3 matrix")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 1\n1 1\n", "line 4", "appears twice")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 3\n1 1\n", "line 3", "promises 3 entries but the file holds 1")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 x 3\n", "line 2", "'x' is not an integer")]
    [InlineData("%%MatrixMarket matrix coordinate complex general\n2 3 1\n1 1 1.0 2.0\n", "line 1", "field 'complex' is not supported")]
    [InlineData("%%MatrixMarket matrix coordinate pattern symmetric\n3 3 1\n1 1\n", "line 1", "expected the banner")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 0.5\n2 2 0.0\n", "line 4", "value '0.0' of entry (2, 2) is not a nonzero finite real")]
    [InlineData("%%MatrixMarket matrix coordinate integer general\n2 3 1\n1 1 1.5\n", "line 3", "value '1.5' of entry (1, 1) is not a nonzero finite integer")]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 NaN\n", "line 3", "is not a nonzero finite real")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1\n1 1 1\n", "line 3", "expected 2 fields")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1 4\n1 1\n", "line 2", "expected 3 fields")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1\n1 1\n2 2\n", "line 4", "the header promises 1 entries, but more follow")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 7\n1 1\n", "line 2", "7 entries do not fit a 2 x 3 layer")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 -1\n", "line 2", "entries at least 0")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2147483648 3 1\n1 1\n", "line 2", "rows and columns must be in [1, 2147483647]")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2147483647 3 1\n1 1\n", "line 2", "more than can be allocated here")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n3 2147483647 1\n1 1\n", "line 2", "more than can be allocated here")]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n99999999999999999999 3 1\n", "line 2", "'99999999999999999999' is not an integer")]
    public void Malformed_Matrix_Market_files_are_rejected_with_file_and_line(string text, string line, string what)
    {
        string path = Path.Combine(_dir, "bad.mtx");
        File.WriteAllText(path, text);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<InvalidDataException>(() => MatrixMarket.Read(path));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains(path + ": " + line + ": ", e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void Integer_and_real_files_give_an_edge_per_entry_whatever_its_nonzero_value()
    {
        string path = Path.Combine(_dir, "real.mtx");
        File.WriteAllText(path, "%%MatrixMarket matrix coordinate real general\n% weights\n2 3 3\n1 1 0.5\n2 3 -1e-3\n1 2\n");

        var t = MatrixMarket.Read(path);

        Assert.Equal([(0, 0), (1, 0), (2, 1)], t.Edges);
    }

    [Fact]
    public void Svg_draws_one_cell_run_per_row_segment_and_refuses_huge_layers()
    {
        var t = TopologyType.Create(ConnectivityPattern.RegularRotating, 16, 16, 0.25, 0);
        string svg = TopologySvg.Render(t, "regular <rotating>");

        System.Xml.Linq.XDocument doc = System.Xml.Linq.XDocument.Parse(svg);
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Contains("regular &lt;rotating&gt;", svg);
        // 16 rows; each row's 4 inputs form one run, except where the window wraps around (3 rows of 2 runs).
        Assert.Equal(16 + 3, doc.Descendants().Single(e => e.Name.LocalName == "g").Elements().Count());
        Assert.Throws<ArgumentException>(() => TopologySvg.Render(TopologyType.Create(ConnectivityPattern.RegularRotating, 3000, 10, 0.1, 0), "big"));
    }
}
