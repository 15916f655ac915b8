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
    public void Malformed_Matrix_Market_files_are_rejected_with_file_and_line(string text, string line, string what)
    {
        string path = Path.Combine(_dir, "bad.mtx");
        File.WriteAllText(path, text);

        var e = Assert.Throws<InvalidDataException>(() => MatrixMarket.Read(path));

        Assert.Contains(path + ": " + line, e.Message);
        Assert.Contains(what, e.Message);
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
