extern alias faulty;
extern alias generator;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using FaultInjection = faulty::SparseGen.Generator.FaultInjection;
using FaultyGenerator = faulty::SparseGen.Generator.SparseModelGenerator;
using SparseModelGenerator = generator::SparseGen.Generator.SparseModelGenerator;

namespace SparseGen.Tests.Generator;

/// <summary>Runs the SparseGen generator in memory over a source text, as the compiler would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework itself, plus what a consumer of the SparseGen package references: the runtime and System.Numerics.Tensors.
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return
        [
            .. Directory.EnumerateFiles(framework, "*.dll").Where(IsManagedAssembly).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(SparseGen.ISparseModel).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location),
        ];
    });

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    public static CSharpCompilation Compile(string source) =>
        CSharpCompilation.Create("Consumer",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: "Model.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver whose compilations have <paramref name="files"/> as AdditionalFiles.</summary>
    public static GeneratorDriver CreateDriver(params AdditionalText[] files) => CreateDriver(new SparseModelGenerator(), files);

    private static GeneratorDriver CreateDriver(IIncrementalGenerator generator, AdditionalText[] files) =>
        CSharpGeneratorDriver.Create([generator.AsSourceGenerator()],
            additionalTexts: files,
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns its run result and every diagnostic of the output compilation (generator's and compiler's).</summary>
    public static (GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics) Run(string source, params AdditionalText[] files) => Run(source, files, out _);

    /// <summary>
    /// Runs the generator's test build (the shipped generator has no fault hook) with one stage failing for one model
    /// (<c>"plan:Net"</c>; stages parse, resolve, plan, emit), as an unexpected exception would, and returns what
    /// <see cref="Run(string, AdditionalText[])"/> returns.
    /// </summary>
    public static (GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics) RunWithFault(string source, string fault)
    {
        FaultInjection.Target.Value = fault;
        try
        {
            return Run(new FaultyGenerator(), source, [], out _);
        }
        finally
        {
            FaultInjection.Target.Value = null;
        }
    }

    /// <summary>Generates, compiles and loads <paramref name="source"/> (in a collectible context); the build must have no diagnostic at all.</summary>
    public static Assembly Load(string source, params AdditionalText[] files)
    {
        var (_, diagnostics) = Run(source, files, out Compilation output);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
        using var image = new MemoryStream();
        EmitResult result = output.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("Consumer", isCollectible: true).LoadFromStream(image);
    }

    private static (GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics) Run(string source, AdditionalText[] files, out Compilation output) =>
        Run(new SparseModelGenerator(), source, files, out output);

    private static (GeneratorDriverRunResult Run, ImmutableArray<Diagnostic> Diagnostics) Run(IIncrementalGenerator generator, string source, AdditionalText[] files, out Compilation output)
    {
        CSharpCompilation compilation = Compile(source);
        GeneratorDriver driver = CreateDriver(generator, files).RunGeneratorsAndUpdateCompilation(compilation, out output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult run = driver.GetRunResult();
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        // SPG0100 (the generator is missing) is suppressed in a real build by the generator's own suppressor,
        // which GeneratorMissingTests run through the compiler's analyzer driver.
        return (run, generatorDiagnostics.AddRange(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "SPG0100")));
    }
}

/// <summary>An AdditionalFiles item held in memory, as the compiler passes one to generators.</summary>
internal sealed class InMemoryText(string path, string text) : AdditionalText
{
    private readonly Microsoft.CodeAnalysis.Text.SourceText _text = Microsoft.CodeAnalysis.Text.SourceText.From(text);

    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

