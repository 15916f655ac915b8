using Microsoft.CodeAnalysis;

namespace SparseGen.Tests.Generator;

/// <summary>
/// Declarations the generator cannot implement, sizes it cannot serve and arguments written in unusual ways: each
/// is one SPG diagnostic at the declaration or argument at fault, and nothing else but what the user's own code
/// causes by itself.
/// </summary>
public class HostileDeclarationTests
{
    private const string Hidden = "[SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; }";

    public static TheoryData<string, string, string, string, string[]> Cases() => new()
    {
        // id, source, text at the reported location, a fragment of the message, errors the user's code causes by itself
        { "SPG0019", Model(Hidden + "\n[SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 2)] public partial ISparseLayer Output { get => null!; }"), "Output", "already has a body", [] },
        { "SPG0019", Model(Hidden + "\n[SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 2)] public extern partial ISparseLayer Output { get; }"), "Output", "is extern", [] },
        { "SPG0020", Model(Hidden + "\npublic sealed class HiddenKernel { }"), "HiddenKernel", "the kernel class HiddenKernel of layer Hidden", [] },
        { "SPG0020", Model(Hidden + "\npublic void Predict(float[] input) { }"), "Predict", "the ISparseModel member Predict", [] },
        { "SPG0020", Model(Hidden + "\npublic int Layers => 0;"), "Layers", "the ISparseModel member Layers", [] },
        { "SPG0020", Model(Hidden + "\npublic int InputCount() => 0;"), "InputCount", "the ISparseModel member InputCount", [] },
        { "SPG0020", Model(Hidden + "\npublic static int OutputCount => 1;"), "OutputCount", "the ISparseModel member OutputCount", [] },
        { "SPG0020", Model(Hidden + "\npublic void Initialize() { }"), "Initialize", "the ISparseModel member Initialize", [] },
        { "SPG0020", Model(Hidden + "\nSparseGen.Networks.SparseNetwork ISparseModel.Network => null!;"), "Network", "the model's ISparseModel implementation", ["CS0540"] },
        { "SPG0020", Model("[SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Predict { get; }"), "Predict", "the ISparseModel member Predict", [] },
        { "SPG0020", Model(Hidden, "public partial class Net : Base") + "\npublic class Base { public int InputCount => 0; }", "Net", "which would hide the inherited member", [] },
        { "SPG0020", Model(Hidden, "public partial class HiddenKernel"), "HiddenKernel", "a member cannot have its class's name", [] },
        { "SPG0002", Model(Hidden, "public partial record struct Net"), "Net", "is a record struct", ["CS0592"] },
        { "SPG0002", Model(Hidden, "file partial class Net"), "Net", "is file-local", ["CS9248"] },
        { "SPG0021", Model("[SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public virtual partial ISparseLayer Hidden { get; }"), "virtual", "Remove 'virtual'", [] },
        { "SPG0021", Model("[SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public override partial ISparseLayer Hidden { get; }", "public partial class Net : Base")
            + "\npublic class Base { public virtual ISparseLayer Hidden => null!; }", "override", "Remove 'override'", [] },
        { "SPG0021", Model("[SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public required partial ISparseLayer Hidden { get; }"), "required", "Remove 'required'", ["CS9034"] },
        { "SPG0007", Layer("seed: 1, pattern: ConnectivityPattern.Uniform, density: 2, Units = 8"), "density: 2", "has density 2", [] },
        { "SPG0007", Layer("density: 1.5, ConnectivityPattern.Uniform, 1, Units = 8"), "density: 1.5", "has density 1.5", [] },
        { "SPG0012", Layer("pattern: (ConnectivityPattern)17, density: 0.1, seed: 1, Units = 8"), "pattern: (ConnectivityPattern)17", "ConnectivityPattern = 17", [] },
        { "SPG0014", Layer("seed: 5, density: 0.25, pattern: ConnectivityPattern.FibonacciRotating, Units = 8"), "seed: 5", "seed 5 is ignored", [] },
        { "SPG0022", Layer("3/2, ConnectivityPattern.Dense, 0, Units = 8"), "3/2", "divides integers and so is 1", [] },
        { "SPG0022", Layer("(double)(4 / 3), ConnectivityPattern.Dense, 0, Units = 8"), "(double)(4 / 3)", "such as '4.0 / 3'", [] },
        { "SPG0018", Layer("0.1, ConnectivityPattern.Uniform, 1, Units = 20000000"), "Units = 20000000", "at most 16777216 units in a layer", [] },
        { "SPG0018", Model(Hidden, attribute: "[SparseModel(Inputs = 20000000)]"), "Inputs = 20000000", "at most 16777216 inputs", [] },
        { "SPG0018", Layer("1.0, ConnectivityPattern.Dense, 0, Units = 6000", inputs: 6000), "1.0", "has 36000000 edges; SparseGen generates code for at most 33554432 edges", [] },
        { "SPG0015", Layer("0.0001, ConnectivityPattern.Uniform, 1, Units = 10, Codegen = CodegenStrategy.Unrolled", inputs: 5000), "Codegen = CodegenStrategy.Unrolled", "at most 4096 of each", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_is_one_diagnostic_at_the_right_place_and_no_other(string id, string source, string locatedText, string message, string[] inherent)
    {
        var (_, diagnostics) = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        Assert.Equal(id is "SPG0014" or "SPG0022" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Model.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(locatedText, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var others = diagnostics.Where(d => d.Id != id && !inherent.Contains(d.Id)).ToArray();
        Assert.True(others.Length == 0, string.Join("\n", others.Select(d => d.ToString())));
    }

    [Fact]
    public void A_layer_implemented_in_another_part_is_reported_at_the_implementation()
    {
        string source = Model(Hidden) + "\npublic partial class Net\n{\n    public partial ISparseLayer Hidden => null!;\n}\n";
        var (_, diagnostics) = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SPG0019", diagnostic.Id);
        Assert.Equal(source.LastIndexOf("Hidden", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public void A_density_that_divides_integers_to_zero_says_why_it_is_zero()
    {
        string source = Layer("1/10, ConnectivityPattern.Uniform, 1, Units = 8");
        var (_, diagnostics) = GeneratorHarness.Run(source);

        Assert.Equal(["SPG0011", "SPG0022"], diagnostics.Select(d => d.Id).Order());
        Assert.All(diagnostics, d => Assert.Equal("1/10", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
        Assert.Contains("divides integers and so is 0", diagnostics.Single(d => d.Id == "SPG0022").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_model_whose_hidden_layers_are_too_many_units_in_all_is_reported_before_any_topology_is_built()
    {
        string layers = string.Join("\n", Enumerable.Range(0, 18).Select(l =>
            $"[SparseLayer({(l == 0 ? "1e-6" : "1e-14")}, ConnectivityPattern.Uniform, 1, Units = 16000000)] public partial ISparseLayer L{l} {{ get; }}"));
        string source = Model(layers);
        var (_, diagnostics) = GeneratorHarness.Run(source);

        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SPG0018", diagnostic.Id);
        Assert.Equal("Net", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("has 272000000 hidden units in all", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_layer_that_hides_an_inherited_property_with_new_is_generated()
    {
        var model = (ISparseModel)Activator.CreateInstance(GeneratorHarness.Load(Model(Hidden.Replace("public partial", "public new partial"), "public sealed partial class Net : Base")
            + "\npublic class Base { public ISparseLayer? Hidden => null; }").GetType("Demo.Net")!)!;

        Assert.Equal(8, model.OutputCount);
    }

    private static string Model(string body, string declaration = "public partial class Net", string attribute = "[SparseModel(Inputs = 16)]") => $$"""
        using SparseGen;
        namespace Demo;

        {{attribute}}
        {{declaration}}
        {
            {{body}}
        }
        """;

    private static string Layer(string arguments, int inputs = 16) =>
        Model($"[SparseLayer({arguments})]\n    public partial ISparseLayer Hidden {{ get; }}", attribute: $"[SparseModel(Inputs = {inputs})]");
}
