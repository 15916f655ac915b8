using System.Runtime.CompilerServices;
using System.Text;
using SparseGen.Networks;

namespace SparseGen.Tests.Generator;

/// <summary>
/// Golden files of the generated code: one small model per pattern family and strategy. A change to the emitter
/// shows as a line-by-line diff; to accept the new output run the tests with <c>SPARSEGEN_ACCEPT=1</c> and review
/// the changed <c>Snapshots/*.verified.cs</c> files. The generator's version is scrubbed, so a version bump
/// rewrites no golden file.
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string, string> Models() => new()
    {
        { "Table", Model("[SparseLayer(0.25, ConnectivityPattern.Uniform, 3, Units = 6, Activation = Activation.Relu, Codegen = CodegenStrategy.Table)]") },
        { "Unrolled", Model("[SparseLayer(0.3, ConnectivityPattern.ErdosRenyi, 5, Units = 4, Activation = Activation.Tanh, Dropout = 0.1, Codegen = CodegenStrategy.Unrolled)]") },
        { "IndexFree", Model("[SparseLayer(0.5, ConnectivityPattern.FibonacciRotating, 0, Units = 6, Activation = Activation.Sigmoid)]") },
        { "Dense", Model("[SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3)]") },
        { "File", Model("[SparseLayer(\"hidden.mtx\", Activation = Activation.Relu)]") },
    };

    /// <summary>The File model's topology file: a real file, so its values are the initial weights.</summary>
    private static readonly Microsoft.CodeAnalysis.AdditionalText HiddenFile = TopologyFiles.File("hidden.mtx",
        "%%MatrixMarket matrix coordinate real general\n5 10 6\n1 1 0.5\n1 10 -1.25\n2 3 2\n4 2 1e-3\n5 5 -3\n5 6 0.75\n");

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_code_matches_its_snapshot(string name, string source)
    {
        var (run, diagnostics) = GeneratorHarness.Run(source, name == "File" ? [HiddenFile] : []);
        Assert.Empty(diagnostics);

        foreach (var generated in run.Results[0].GeneratedSources)
        {
            string file = Path.Combine(SnapshotDirectory(), $"{name}.{generated.HintName.Replace(".g.cs", string.Empty)}.verified.cs");
            string actual = ScrubVersion(generated.SourceText.ToString().Replace("\r\n", "\n"));
            if (Environment.GetEnvironmentVariable("SPARSEGEN_ACCEPT") == "1")
            {
                File.WriteAllText(file, actual);
                continue;
            }

            Assert.True(File.Exists(file), $"No snapshot {file}; run the tests with SPARSEGEN_ACCEPT=1 to create it, then review it.");
            string? difference = FirstDifference(File.ReadAllText(file).Replace("\r\n", "\n"), actual);
            Assert.True(difference is null, $"{Path.GetFileName(file)} differs from the generated code (SPARSEGEN_ACCEPT=1 accepts the new output):\n{difference}");
        }
    }

    /// <summary>The generated code with the version in <c>[GeneratedCode("SparseGen.Generator", version)]</c> replaced by <c>&lt;version&gt;</c>.</summary>
    private static string ScrubVersion(string code) =>
        System.Text.RegularExpressions.Regex.Replace(code, "(GeneratedCode\\(\"SparseGen\\.Generator\", \")[^\"]*(\"\\))", "$1<version>$2");

    /// <summary>A readable diff: the first differing line with two lines of context, or null when equal.</summary>
    private static string? FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        for (int k = 0; k < Math.Max(a.Length, b.Length); k++)
        {
            string? x = k < a.Length ? a[k] : null, y = k < b.Length ? b[k] : null;
            if (x == y)
            {
                continue;
            }

            var text = new StringBuilder();
            for (int c = Math.Max(0, k - 2); c < k; c++)
            {
                text.Append(CultureInfo(c + 1)).Append("  ").AppendLine(a[c]);
            }

            text.Append(CultureInfo(k + 1)).Append("- ").AppendLine(x ?? "<end of snapshot>");
            text.Append(CultureInfo(k + 1)).Append("+ ").AppendLine(y ?? "<end of generated code>");
            return text.ToString();
        }

        return null;

        static string CultureInfo(int line) => line.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5);
    }

    private static string SnapshotDirectory([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Snapshots");

    private static string Model(string layer) => $$"""
        using SparseGen;
        namespace Snapshots;

        [SparseModel(Inputs = 10)]
        public sealed partial class Net
        {
            {{layer}}
            public partial ISparseLayer Layer { get; }
        }
        """;
}
