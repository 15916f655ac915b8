using Microsoft.CodeAnalysis;
using SparseGen.Networks;

namespace SparseGen.Tests.Generator;

public class DiagnosticTests
{
    private const string ValidLayers = """
        [SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.Relu)]
        public partial ISparseLayer Hidden { get; }
        """;

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        // id, source, text at the reported location, a fragment of the message
        { "SPG0001", Model("public class M", ValidLayers), "M", "add the 'partial' modifier" },
        { "SPG0002", Model("public partial class Outer { [SparseModel(Inputs = 16)] public partial class M", ValidLayers + " } //", attribute: string.Empty), "M", "nested in Outer" },
        { "SPG0002", Model("public partial class M<T>", ValidLayers), "M", "generic" },
        { "SPG0002", Model("public partial record M", ValidLayers), "M", "is a record" },
        { "SPG0002", Model("public static partial class M", ValidLayers.Replace("public partial", "public static partial")), "M", "is static" },
        { "SPG0003", Model("public partial class M", ValidLayers, attribute: "[SparseModel]"), "SparseModel", "needs Inputs = n" },
        { "SPG0003", Model("public partial class M", ValidLayers, attribute: "[SparseModel(Inputs = 0)]"), "Inputs = 0", "(was 0)" },
        { "SPG0004", Model("public partial class M", ""), "M", "declares no [SparseLayer] property" },
        { "SPG0005", Model("public partial class M", "[SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8)] public ISparseLayer Hidden => null!;"), "Hidden", "is not partial" },
        { "SPG0006", Model("public partial class M", "[SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8)] public static partial ISparseLayer Hidden { get; }"), "Hidden", "is static" },
        { "SPG0006", Model("public partial class M", "[SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8)] public partial object Hidden { get; }"), "Hidden", "has type 'object'" },
        { "SPG0006", Model("public partial class M", "[SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; set; }"), "Hidden", "has a setter" },
        { "SPG0007", Layer("1.5, ConnectivityPattern.Uniform, 1, Units = 8"), "1.5", "must be a number in [0, 1]" },
        { "SPG0007", Layer("double.NaN, ConnectivityPattern.Uniform, 1, Units = 8"), "double.NaN", "has density NaN" },
        { "SPG0007", Layer("-0.1, ConnectivityPattern.Uniform, 1, Units = 8"), "-0.1", "has density -0.1" },
        { "SPG0008", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 0"), "Units = 0", "has Units = 0" },
        { "SPG0008", Layer("0.1, ConnectivityPattern.Uniform, 1"), "SparseLayer(0.1, ConnectivityPattern.Uniform, 1)", "has Units = 0" },
        { "SPG0009", Layer("0.5, ConnectivityPattern.Dense, 0, Units = 8"), "0.5", "use density 1.0" },
        { "SPG0010", Layer("0.9, ConnectivityPattern.Uniform, 1, Units = 100000", inputs: 100000), "0.9", "has 9000000000 edges; a layer holds at most 2147483591" },
        { "SPG0011", Layer("0.001, ConnectivityPattern.Uniform, 1, Units = 8"), "0.001", "the edge count round(density * inputs * Units) = 0, an empty layer; raise the density above 0.0039" },
        { "SPG0011", Layer("0.05, ConnectivityPattern.RegularRotating, 0, Units = 8"), "0.05", "the degree k = round(density * Units) = 0, an empty layer; raise the density above 0.0625" },
        { "SPG0012", Layer("0.1, (ConnectivityPattern)17, 1, Units = 8"), "(ConnectivityPattern)17", "ConnectivityPattern = 17" },
        { "SPG0012", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Activation = (Activation)9"), "Activation = (Activation)9", "Activation = 9" },
        { "SPG0014", Layer("0.25, ConnectivityPattern.FibonacciRotating, 5, Units = 8"), "5", "seed 5 is ignored" },
        { "SPG0028", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.Relu, NegativeSlope = 0.5"), "NegativeSlope = 0.5", "only Activation = LeakyRelu has a negative slope, and the layer's activation is Relu" },
        { "SPG0028", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.LeakyRelu, NegativeSlope = double.NaN"), "NegativeSlope = double.NaN", "the slope must be finite" },
        { "SPG0028", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.LeakyRelu, NegativeSlope = double.NegativeInfinity"), "NegativeSlope = double.NegativeInfinity", "the slope must be finite" },
        { "SPG0014", Layer("1.0, ConnectivityPattern.Dense, 3, Units = 8"), "3", "Dense, which is deterministic" },
        { "SPG0015", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Codegen = CodegenStrategy.IndexFree"), "Codegen = CodegenStrategy.IndexFree", "IndexFree needs a rotating pattern" },
        { "SPG0015", Layer("0.5, ConnectivityPattern.Uniform, 1, Units = 8, Codegen = CodegenStrategy.Dense"), "Codegen = CodegenStrategy.Dense", "Dense needs every edge present, but the layer has 64 of 128" },
        { "SPG0015", Layer("0.5, ConnectivityPattern.Uniform, 1, Units = 1000, Codegen = CodegenStrategy.Unrolled"), "Codegen = CodegenStrategy.Unrolled", "Unrolled takes at most 4096 edges, and the layer has 8000" },
        { "SPG0012", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Codegen = (CodegenStrategy)12"), "Codegen = (CodegenStrategy)12", "CodegenStrategy = 12" },
        { "SPG0016", Model("public partial class M", ValidLayers, attribute: string.Empty), "Hidden", "its class 'M' has no [SparseModel]" },
        { "SPG0017", Model("public partial class M", ValidLayers) + "\npublic partial class M\n{\n    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 2)]\n    public partial ISparseLayer Second { get; }\n}\n", "Second", "in 2 partial declarations" },
        { "SPG0013", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 8, Dropout = 1.0"), "Dropout = 1.0", "must be in [0, 1)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_misuse_is_one_diagnostic_at_the_right_place_with_what_to_change(string id, string source, string locatedText, string message)
    {
        var (_, diagnostics) = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(id == "SPG0014" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Model.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(locatedText, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_misuse_causes_no_cascade_of_compiler_errors(string id, string source, string locatedText, string message)
    {
        _ = (locatedText, message);
        var (_, diagnostics) = GeneratorHarness.Run(source);

        // SPG0001 alone: a partial property in a non-partial class is invalid C# by itself (CS0751, CS9248); nothing can be added to such a class.
        var others = diagnostics.Where(d => d.Id != id && !(id == "SPG0001" && d.Id is "CS9248" or "CS0751")).ToArray();
        Assert.True(others.Length == 0, string.Join("\n", others.Select(d => d.ToString())));
    }

    [Theory]
    [InlineData("[SparseLayer(System.Math.Sqrt(0.01), ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; }", "CS0182")]
    [InlineData("[SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 8)] public ISparseLayer Field = null!;", "CS0592")]
    [InlineData("[SparseLayer(0.1, ConnectivityPattern.Uniform, Units = 8)] public partial ISparseLayer Hidden { get; }", "CS7036")]
    public void Invalid_CSharp_in_a_declaration_is_the_compilers_error_alone(string member, string compilerError)
    {
        var (_, diagnostics) = GeneratorHarness.Run(Model("public partial class M", member + "\n" + ValidLayers.Replace("Hidden", "Other")));

        Assert.Equal([compilerError], diagnostics.Select(d => d.Id).Distinct());
    }

    [Fact]
    public void A_valid_model_compiles_without_any_warning()
    {
        var (run, diagnostics) = GeneratorHarness.Run(Model("public sealed partial class M", ValidLayers + """

            [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3, Activation = Activation.Softmax)]
            internal partial ISparseLayer Output { get; }
            """));

        Assert.Empty(diagnostics);
        Assert.Equal(["Demo.M.g.cs", "Demo.M.Hidden.g.cs", "Demo.M.Output.g.cs"], run.Results[0].GeneratedSources.Select(s => s.HintName).Order());
    }

    [Fact]
    public void A_model_in_the_global_namespace_is_generated()
    {
        string source = Model("public partial class M", ValidLayers).Replace("namespace Demo;", string.Empty);
        var (run, diagnostics) = GeneratorHarness.Run(source);

        Assert.Empty(diagnostics);
        Assert.Contains("M.g.cs", run.Results[0].GeneratedSources.Select(s => s.HintName));
    }

    private static string Model(string declaration, string body, string attribute = "[SparseModel(Inputs = 16)]") => $$"""
        using SparseGen;
        namespace Demo;

        {{attribute}}
        {{declaration}}
        {
            {{body}}
        }
        """;

    private static string Layer(string arguments, int inputs = 16) => Model("public partial class M",
        $"[SparseLayer({arguments})]\n    public partial ISparseLayer Hidden {{ get; }}",
        $"[SparseModel(Inputs = {inputs})]");
}
