using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SparseGen.Tests.Generator;

/// <summary>
/// Every way a topology file can be wrong is one SPG diagnostic: at the attribute's file argument (missing,
/// ambiguous, a shape that does not chain, too large) or at the file's own line (malformed, an edge outside the
/// matrix or twice), naming the line, and nothing else.
/// </summary>
public class TopologyFileDiagnosticTests
{
    private const string Banner = "%%MatrixMarket matrix coordinate pattern general\n";

    private static readonly string Valid = Banner + "2 3 3\n1 1\n2 3\n1 2\n";

    public static TheoryData<string, string, string, string, int, string> Cases() => new()
    {
        // id, layer arguments, file name, file text, the reported line of the file (0: the reported text is the attribute's file argument), a fragment of the message
        { "SPG0023", "\"other.mtx\"", "hidden.mtx", Valid, 0, "which is not among the project's AdditionalFiles" },
        { "SPG0023", "\"\"", "hidden.mtx", Valid, 0, "which names no file" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate complex general\n2 3 1\n1 1 1 0\n", 1, "line 1: field 'complex' is not supported" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 1\n1 1\n", 1, "line 1: expected the banner" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", Banner + "% comment\n2 3 2\n1 1\n2 x\n", 5, "line 5: 'x' is not an integer" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 0.5\n2 2 0\n", 4, "value '0' of entry (2, 2) is not a nonzero finite real" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 0.5\n2 2\n", 4, "every entry carries a value (the layer's initial weights) or none does" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 3 3\n1 1\n", 3, "the header promises 3 entries but the file holds 1" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 3 0\n", 2, "holds no entry" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", Banner + "99999999999 3 1\n1 1\n", 2, "rows and columns must be in [1, 2147483647]" },
        { "SPG0027", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 3 3\n1 1\n1 2\n1 1\n", 5, "line 5: entry (1, 1) appears twice" },
        { "SPG0027", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 3 2\n1 1\n3 1\n", 4, "entry (3, 1) is outside the 2 x 3 matrix" },
        { "SPG0026", "\"hidden.mtx\", Units = 5", "hidden.mtx", Valid, -1, "the layer declares Units = 5, and a layer's units are its file's rows" },
        { "SPG0026", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 4 1\n1 1\n", 0, "a 2 x 4 matrix (2 units, 4 inputs), but the model declares Inputs = 3" },
        { "SPG0018", "\"hidden.mtx\"", "hidden.mtx", Banner + "3000 6000 17000000\n1 1\n", 0, "has 17000000 edges (3000 x 6000); SparseGen generates code for at most 16777216 edges of a topology file" },
        // Rows or columns beyond a layer's limit are refused from the size line, before anything of their size is allocated (issue 25).
        { "SPG0018", "\"hidden.mtx\"", "hidden.mtx", Banner + "1000000000 3 1\n1 1\n", 0, "is 1000000000 x 3; SparseGen generates code for at most 16777216 inputs or units in a layer" },
        { "SPG0018", "\"hidden.mtx\"", "hidden.mtx", Banner + "2147483647 3 1\n1 1\n", 0, "is 2147483647 x 3; SparseGen generates code for at most 16777216 inputs or units in a layer" },
        { "SPG0018", "\"hidden.mtx\"", "hidden.mtx", Banner + "2 2147483647 1\n1 1\n", 0, "is 2 x 2147483647; SparseGen generates code for at most 16777216 inputs or units in a layer" },
        // A nonzero value that a 32-bit weight cannot hold is a zero weight, refused like an explicit zero (issue 25).
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 0.5\n2 2 1e-50\n", 4, "value '1e-50' of entry (2, 2) is nonzero but rounds to 0 as a 32-bit float" },
        { "SPG0025", "\"hidden.mtx\"", "hidden.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 -7e-46\n2 2 0.5\n", 3, "value '-7e-46' of entry (1, 1) is nonzero but rounds to 0 as a 32-bit float" },
        { "SPG0015", "\"hidden.mtx\", Codegen = CodegenStrategy.IndexFree", "hidden.mtx", Valid, -2, "IndexFree needs a rotating pattern (RandomRotating, RegularRotating, LongShortRotating, FibonacciRotating), not the topology of 'hidden.mtx', which is not rotating" },
        { "SPG0015", "\"hidden.mtx\", Codegen = CodegenStrategy.Dense", "hidden.mtx", Valid, -2, "Dense needs every edge present, but the layer has 3 of 6" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_problem_is_one_diagnostic_at_the_argument_or_the_file_line(string id, string arguments, string fileName, string text, int line, string message)
    {
        string source = Model(arguments);
        var (_, diagnostics) = GeneratorHarness.Run(source, TopologyFiles.File(fileName, text));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        if (line > 0)
        {
            Assert.Equal("/project/topologies/" + fileName, span.Path);
            Assert.Equal(line - 1, span.StartLinePosition.Line);
            Assert.Contains($"line {line}", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }
        else
        {
            string located = line switch { -1 => "Units = 5", -2 => arguments.Substring(arguments.IndexOf("Codegen", StringComparison.Ordinal)), _ => arguments };
            Assert.Equal("Model.cs", span.Path);
            Assert.Equal(located, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_runtime_reader_refuses_the_same_files_at_the_same_line(string id, string arguments, string fileName, string text, int line, string message)
    {
        _ = arguments;
        if (id is not ("SPG0025" or "SPG0027") || message.Contains("no entry", StringComparison.Ordinal) || message.Contains("or none does", StringComparison.Ordinal))
        {
            return; // a shape, a limit or a rule of compiled layers only (an empty layer, values on some entries): not the reader's
        }

        string path = Path.Combine(Path.GetTempPath(), $"sparsegen-{Guid.NewGuid():N}-{fileName}");
        File.WriteAllText(path, text);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => SparseGen.IO.MatrixMarket.Read(path));
            Assert.StartsWith($"{path}: line {line}: ", e.Message);
            Assert.Contains(message.Replace($"line {line}: ", string.Empty), e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_name_that_matches_two_files_asks_for_more_of_the_path_and_the_longer_name_is_read()
    {
        AdditionalText first = new InMemoryText("/project/a/hidden.mtx", Valid), second = new InMemoryText("/project/b/hidden.mtx", Valid);

        var (_, ambiguous) = GeneratorHarness.Run(Model("\"hidden.mtx\""), first, second);
        var (_, resolved) = GeneratorHarness.Run(Model("\"b/hidden.mtx\""), first, second);

        Diagnostic diagnostic = Assert.Single(ambiguous);
        Assert.Equal("SPG0024", diagnostic.Id);
        Assert.Contains("names 2 AdditionalFiles (/project/a/hidden.mtx, /project/b/hidden.mtx); write more of the path, such as 'a/hidden.mtx'", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(resolved);
    }

    [Fact]
    public void The_next_layer_chains_from_the_files_rows_and_its_own_checks_run_then()
    {
        string source = TopologyFiles.Model("""
            [SparseLayer("hidden.mtx")] public partial ISparseLayer Hidden { get; }
            [SparseLayer(0.01, ConnectivityPattern.Uniform, 1, Units = 3)] public partial ISparseLayer Output { get; }
            """, inputs: 3);

        var (_, diagnostics) = GeneratorHarness.Run(source, TopologyFiles.File("hidden.mtx", Valid));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SPG0011", diagnostic.Id);
        Assert.Contains("Layer 'Output' (2 x 3 at density 0.01)", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_file_name_with_line_breaks_stays_inside_the_generated_comments()
    {
        var (_, diagnostics) = GeneratorHarness.Run(Model("\"x\\n}class Broken {\\n/hidden.mtx\""), new InMemoryText("/project/x\n}class Broken {\n/hidden.mtx", Valid));

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1\n1 {0}\n", 3)]
    [InlineData("%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 {0}\n", 3)]
    [InlineData("%%MatrixMarket matrix coordinate {0} general\n2 3 1\n1 1\n", 1)]
    [InlineData("%%MatrixMarket matrix coordinate pattern general\n2 3 1\n1 1 {0}\n", 3)]
    [InlineData("{0}\n2 3 1\n1 1\n", 1)]
    public void A_huge_token_is_quoted_as_its_start_and_length(string template, int line)
    {
        string token = "7" + new string('x', 20_000_000);
        var (_, diagnostics) = GeneratorHarness.Run(Model("\"hidden.mtx\""), TopologyFiles.File("hidden.mtx", template.Replace("{0}", token, StringComparison.Ordinal)));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SPG0025", diagnostic.Id);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains($"line {line}", message);
        Assert.True(message.Length < 1000, $"a message of {message.Length} characters");
        Assert.Matches(@"'(1 1 )?7x+… \(2000000[15] characters\)'", message); // the token, or the line that holds it
    }

    [Fact]
    public void A_huge_file_name_is_quoted_as_its_start_and_length()
    {
        string name = new string('n', 1_000_000) + ".mtx";
        var (_, diagnostics) = GeneratorHarness.Run(Model($"\"{name}\""), TopologyFiles.File("hidden.mtx", Valid));

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SPG0023", diagnostic.Id);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.True(message.Length < 1000, $"a message of {message.Length} characters");
        Assert.Contains(new string('n', 60) + "… (1000004 characters)", message);
    }

    [Fact]
    public void Additional_files_that_no_layer_names_are_never_read()
    {
        // A FIFO (or a device) among the AdditionalFiles would block whoever reads it (issue 25): the generator reads
        // only the files its layers name, whatever their extension, so other items never block it.
        var unnamed = new UnreadableText("/project/topologies/pipe.mtx");
        var other = new UnreadableText("/project/notes/fifo.txt");

        var (_, diagnostics) = GeneratorHarness.Run(Model("\"hidden.mtx\""), TopologyFiles.File("hidden.mtx", Valid), unnamed, other);

        Assert.Empty(diagnostics);
        Assert.Equal(0, unnamed.Reads + other.Reads);
    }

    private sealed class UnreadableText(string path) : AdditionalText
    {
        public int Reads { get; private set; }

        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default)
        {
            Reads++;
            throw new InvalidOperationException("read a file no layer names");
        }
    }

    private static string Model(string arguments) => TopologyFiles.Model($"[SparseLayer({arguments})] public partial ISparseLayer Hidden {{ get; }}", inputs: 3);
}
