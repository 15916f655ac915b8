extern alias generator;

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using GeneratorPresentSuppressor = generator::SparseGen.Generator.GeneratorPresentSuppressor;

namespace SparseGen.Tests.Generator;

/// <summary>A project that references the runtime without the generator is told so, with the line to add; with the generator it is not.</summary>
public class GeneratorMissingTests
{
    private const string Source = """
        using SparseGen;
        namespace Consumer;
        [SparseModel(Inputs = 4)]
        public sealed partial class Net
        {
            [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 2, Activation = Activation.Softmax)]
            public partial ISparseLayer Output { get; }
        }
        """;

    [Fact]
    public void Without_the_generator_the_build_names_the_missing_analyzer_reference()
    {
        ImmutableArray<Diagnostic> diagnostics = GeneratorHarness.Compile(Source).GetDiagnostics();

        Assert.Contains(diagnostics, d => d.Id == "CS9248");
        Diagnostic missing = Assert.Single(diagnostics, d => d.Id == "SPG0100");
        Assert.Equal(DiagnosticSeverity.Warning, missing.Severity);
        string message = missing.GetMessage();
        Assert.Contains("source generator is not in this build", message);
        Assert.Contains("OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\"", message);
        Assert.Contains("SparseGen.Generator.csproj", message);
    }

    [Fact]
    public async Task With_the_generator_its_suppressor_hides_the_warning()
    {
        var (_, withGenerator) = GeneratorHarness.Run(Source);
        Assert.Empty(withGenerator);

        CompilationWithAnalyzers analyzed = GeneratorHarness.Compile(Source)
            .WithAnalyzers([new GeneratorPresentSuppressor()], new CompilationWithAnalyzersOptions(AnalyzerOptions(), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        ImmutableArray<Diagnostic> all = await analyzed.GetAllDiagnosticsAsync();
        Diagnostic missing = Assert.Single(all, d => d.Id == "SPG0100");
        Assert.True(missing.IsSuppressed);
    }

    private static AnalyzerOptions AnalyzerOptions() => new([]);
}
