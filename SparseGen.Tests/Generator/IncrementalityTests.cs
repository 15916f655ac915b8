extern alias generator;

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Steps = generator::SparseGen.Generator.SparseModelGenerator.Steps;
using SparseGen.Networks;

namespace SparseGen.Tests.Generator;

public class IncrementalityTests
{
    private const string Source = """
        using SparseGen;
        namespace Demo;

        [SparseModel(Inputs = 30)]
        public partial class M
        {
            [SparseLayer(0.2, ConnectivityPattern.Uniform, 3, Units = 12, Activation = Activation.Relu)]
            public partial ISparseLayer Hidden { get; }

            [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 4, Activation = Activation.Softmax)]
            public partial ISparseLayer Output { get; }
        }
        """;

    private static readonly string[] AllSteps = [Steps.Parse, Steps.ParseOrphans, Steps.Resolve, Steps.Models, Steps.Plan, Steps.Names, Steps.Emit, Steps.EmitStubs];

    [Fact]
    public void Running_twice_on_the_same_compilation_caches_every_step()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results[0];

        AssertOutputs(result, Steps.Emit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_emitted_code_cached()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int X => 1; }",
            (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results[0];

        AssertOutputs(result, Steps.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, Steps.Emit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Moving_the_model_in_its_file_does_not_emit_again()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.First();

        var moved = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("// a comment that moves every line\n\n" + Source)));
        var result = driver.RunGenerators(moved).GetRunResult().Results[0];

        AssertOutputs(result, Steps.Models, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        AssertOutputs(result, Steps.Emit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Adding_a_model_emits_only_the_new_model()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Source.Replace("class M", "class N"),
            (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Added.cs"));
        var result = driver.RunGenerators(added).GetRunResult().Results[0];

        AssertOutputs(result, Steps.Plan, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.New);
        AssertOutputs(result, Steps.Emit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.New);
        Assert.Equal(3, result.TrackedSteps[Steps.Emit].SelectMany(s => s.Outputs).Count(o => o.Reason == IncrementalStepRunReason.New));
    }

    [Fact]
    public void Changing_a_layer_emits_again()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.First();

        var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Source.Replace("0.2, ConnectivityPattern.Uniform", "0.3, ConnectivityPattern.Uniform"))));
        var result = driver.RunGenerators(changed).GetRunResult().Results[0];

        Assert.Contains(result.TrackedSteps[Steps.Emit].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void No_symbol_syntax_node_or_compilation_is_reachable_from_a_pipeline_model()
    {
        var compilation = GeneratorHarness.Compile(Source + "\npublic partial class Orphan { [SparseLayer(0.1, ConnectivityPattern.Uniform, 1, Units = 2)] public partial ISparseLayer L { get; } }");
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results[0];

        foreach (string step in AllSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is tracked");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoCompilerObjects(output.Value, step, []);
            }
        }
    }

    private static readonly string FileModels = TopologyFiles.Model("""
        [SparseLayer("a.mtx", Activation = Activation.Relu)] public partial ISparseLayer Hidden { get; }
        """, inputs: 3, name: "A") + "\n" + TopologyFiles.Model("""
        [SparseLayer("b.mtx")] public partial ISparseLayer Hidden { get; }
        """, inputs: 3, name: "B").Replace("using SparseGen;\nnamespace Demo;\n", string.Empty);

    private static readonly AdditionalText FileA = TopologyFiles.File("a.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 1\n2 3\n");
    private static readonly AdditionalText FileB = TopologyFiles.File("b.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 3 2\n1 2\n2 2\n");
    private static readonly AdditionalText Unread = TopologyFiles.File("notes.txt", "not a topology");

    [Fact]
    public void Editing_a_topology_file_reads_it_again_and_emits_only_the_model_that_reads_it()
    {
        var compilation = GeneratorHarness.Compile(FileModels);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(FileA, FileB, Unread).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        var editedA = TopologyFiles.File("a.mtx", "%%MatrixMarket matrix coordinate pattern general\n2 3 3\n1 1\n2 3\n2 1\n");

        var result = driver.ReplaceAdditionalText(FileA, editedA).RunGenerators(compilation).GetRunResult().Results[0];

        var reads = result.TrackedSteps[Steps.TopologyFiles].SelectMany(s => s.Outputs).ToArray();
        Assert.Equal(["a.mtx"], reads.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).Select(o => Path.GetFileName(Property(o.Value, "Path"))));
        Assert.Equal(["b.mtx"], reads.Where(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && o.Value is not null).Select(o => Path.GetFileName(Property(o.Value, "Path"))));
        var emitted = result.TrackedSteps[Steps.Emit].SelectMany(s => s.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .Select(o => Property(o.Value, "HintName")).ToArray();
        Assert.Equal(["Demo.A.g.cs", "Demo.A.Hidden.g.cs"], emitted.Order());
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_topology_files_and_the_models_that_read_them_cached()
    {
        var compilation = GeneratorHarness.Compile(FileModels);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(FileA, FileB, Unread).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int X => 1; }",
            (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Unrelated.cs"));
        var result = driver.ReplaceAdditionalText(Unread, TopologyFiles.File("notes.txt", "edited notes")).RunGenerators(edited).GetRunResult().Results[0];

        AssertOutputs(result, Steps.TopologyFiles, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, Steps.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, Steps.Plan, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(result, Steps.Emit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void No_compiler_object_is_reachable_from_the_topology_file_steps()
    {
        var result = GeneratorHarness.CreateDriver(FileA, FileB, Unread).RunGenerators(GeneratorHarness.Compile(FileModels)).GetRunResult().Results[0];

        foreach (string step in new[] { Steps.TopologyFiles, Steps.Resolve, Steps.Models, Steps.Plan })
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} is tracked");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertNoCompilerObjects(output.Value, step, []);
            }
        }
    }

    /// <summary>A string property of a pipeline value, whose type is the generator's own.</summary>
    private static string Property(object value, string name) => (string)value.GetType().GetProperty(name)!.GetValue(value)!;

    private static void AssertOutputs(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}; pipeline models must hold values only");
        if (value is IEnumerable items)
        {
            int k = 0;
            foreach (object? item in items)
            {
                AssertNoCompilerObjects(item, $"{path}[{k++}]", seen);
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType != typeof(DiagnosticDescriptor) && !field.FieldType.IsPointer)
            {
                AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }
}
