extern alias generator;

using System.Reflection;
using Microsoft.CodeAnalysis;
using SparseGen.Networks;
using SparseModelGenerator = generator::SparseGen.Generator.SparseModelGenerator;

namespace SparseGen.Tests.Generator;

/// <summary>
/// Legal C# whose generated files would share a name (names equal but for case, keywords written with <c>@</c>,
/// a generic and a plain class of one name) builds and runs; and a model whose generation fails unexpectedly is
/// an SPG0099 diagnostic for it alone, never the loss of every other model.
/// </summary>
public class CollisionTests
{
    [Fact]
    public void Models_whose_names_differ_only_in_case_both_build_and_work()
    {
        Assembly assembly = GeneratorHarness.Load("""
            using SparseGen;
            namespace Demo;

            [SparseModel(Inputs = 12)]
            public partial class Net { [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.Tanh)] public partial ISparseLayer Hidden { get; } }

            [SparseModel(Inputs = 12)]
            public partial class NET { [SparseLayer(0.5, ConnectivityPattern.ErdosRenyi, 2, Units = 5)] public partial ISparseLayer Hidden { get; } }
            """);

        AssertWorks(Create(assembly, "Demo.Net"), 12, new LayerSpec("Hidden", ConnectivityPattern.Uniform, 8, 0.25, 1, Activation.Tanh));
        AssertWorks(Create(assembly, "Demo.NET"), 12, new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 5, 0.5, 2));
    }

    [Fact]
    public void Layers_whose_names_differ_only_in_case_both_build_and_work()
    {
        Assembly assembly = GeneratorHarness.Load("""
            using SparseGen;
            namespace Demo;

            [SparseModel(Inputs = 12)]
            public partial class Net
            {
                [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8, Activation = Activation.Relu)] public partial ISparseLayer Hidden { get; }
                [SparseLayer(0.5, ConnectivityPattern.Uniform, 2, Units = 4, Activation = Activation.Softmax)] public partial ISparseLayer HIDDEN { get; }
            }
            """);

        AssertWorks(Create(assembly, "Demo.Net"), 12,
            new LayerSpec("Hidden", ConnectivityPattern.Uniform, 8, 0.25, 1, Activation.Relu), new LayerSpec("HIDDEN", ConnectivityPattern.Uniform, 4, 0.5, 2, Activation.Softmax));
    }

    [Fact]
    public void Keywords_written_with_an_at_sign_and_names_a_file_name_cannot_hold_build_and_work()
    {
        Assembly assembly = GeneratorHarness.Load("""
            using SparseGen;
            namespace @class.@event;

            [SparseModel(Inputs = 12)]
            public partial class @int
            {
                [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer @float { get; }
                [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3)] public partial ISparseLayer @record { get; }
                [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 2)] public partial ISparseLayer e\u0301 { get; }
            }
            """);

        AssertWorks(Create(assembly, "class.event.int"), 12,
            new LayerSpec("float", ConnectivityPattern.Uniform, 8, 0.25, 1), new LayerSpec("record", ConnectivityPattern.Dense, 3, 1.0, 0), new LayerSpec("e\u0301", ConnectivityPattern.Dense, 2, 1.0, 0));
    }

    [Fact]
    public void A_generic_class_with_errors_beside_a_model_of_its_name_takes_nothing_down()
    {
        var (run, diagnostics) = GeneratorHarness.Run("""
            using SparseGen;
            namespace Demo;

            [SparseModel(Inputs = 12)]
            public partial class M { [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; } }

            [SparseModel(Inputs = 12)]
            public partial class M<T> { [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; } }
            """);

        Assert.Equal("SPG0002", Assert.Single(diagnostics).Id);
        Assert.Equal(["Demo.M.2.g.cs", "Demo.M.Hidden.g.cs", "Demo.M.g.cs"], run.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Contains("partial class M<T>", run.Results[0].GeneratedSources.Single(s => s.HintName == "Demo.M.2.g.cs").SourceText.ToString());
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("resolve")]
    [InlineData("plan")]
    [InlineData("emit")]
    public void A_model_that_fails_unexpectedly_is_one_diagnostic_and_the_others_are_generated(string stage)
    {
        const string Source = """
            using SparseGen;
            namespace Demo;

            [SparseModel(Inputs = 12)]
            public partial class Broken { [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; } }

            [SparseModel(Inputs = 12)]
            public partial class Fine { [SparseLayer(0.25, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Hidden { get; } }
            """;
        var (run, diagnostics) = GeneratorHarness.RunWithFault(Source, stage + ":Broken");

        Diagnostic failure = Assert.Single(diagnostics);
        Assert.Equal("SPG0099", failure.Id);
        Assert.Contains($"could not generate model 'Broken' (", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("fault injected at " + stage, failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Demo.Fine.Hidden.g.cs", run.Results[0].GeneratedSources.Select(s => s.HintName));
        Assert.DoesNotContain("Demo.Broken.Hidden.g.cs", run.Results[0].GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void The_shipped_generator_has_no_fault_hook()
    {
        Assembly shipped = typeof(SparseModelGenerator).Assembly;

        Assert.Null(shipped.GetType("SparseGen.Generator.FaultInjection"));
        Assert.DoesNotContain(shipped.GetTypes(), t => t.Name.Contains("Fault", StringComparison.Ordinal));
    }

    private static ISparseModel Create(Assembly assembly, string type) => (ISparseModel)Activator.CreateInstance(assembly.GetType(type, throwOnError: true)!)!;

    /// <summary>The generated model predicts what the generic model of the same layers predicts, after the same initialisation.</summary>
    private static void AssertWorks(ISparseModel model, int inputs, params LayerSpec[] layers)
    {
        var reference = new GenericSparseModel(inputs, layers);
        model.Initialize(7);
        reference.Initialize(7);
        const int Batch = 3;
        float[] x = Enumerable.Range(0, inputs * Batch).Select(k => MathF.Sin(k)).ToArray();
        float[] expected = new float[reference.OutputCount * Batch], actual = new float[model.OutputCount * Batch];

        reference.Predict(x, expected, Batch);
        model.Predict(x, actual, Batch);

        Assert.Equal(layers.Select(l => l.Name), model.Layers.Select(l => l.Name));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 5);
        }
    }
}
