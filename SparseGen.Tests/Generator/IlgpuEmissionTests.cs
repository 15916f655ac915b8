using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace SparseGen.Tests.Generator;

/// <summary>The generator emits ILGPU device shapes only where the compilation references SparseGen.Ilgpu; without it a model compiles as before.</summary>
public sealed class IlgpuEmissionTests
{
    private const string Source = """
        using SparseGen;
        [SparseModel(Inputs = 12)]
        public sealed partial class Net
        {
            [SparseLayer(0.3, ConnectivityPattern.Uniform, 1, Units = 8)] public partial ISparseLayer Table { get; }
            [SparseLayer(0.25, ConnectivityPattern.RegularRotating, 0, Units = 8)] public partial ISparseLayer Rotating { get; }
            [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3, Activation = Activation.Softmax)] public partial ISparseLayer Output { get; }
        }
        """;

    [Fact]
    public void Without_the_ilgpu_package_no_device_code_is_emitted()
    {
        var (run, diagnostics) = GeneratorHarness.Run(Source);

        Assert.Empty(diagnostics);
        string[] texts = run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToArray();
        Assert.NotEmpty(texts);
        Assert.DoesNotContain(texts, t => t.Contains("Ilgpu", System.StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_ilgpu_package_every_layer_gets_its_shape_of_constants()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Source)
            .AddReferences(MetadataReference.CreateFromFile(typeof(SparseGen.Ilgpu.IIlgpuLayer).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(ILGPU.ArrayView<>).Assembly.Location));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        INamedTypeSymbol Kernel(string layer) => output.GetTypeByMetadataName($"Net+{layer}Kernel")!;
        INamedTypeSymbol Shape(string layer) => output.GetTypeByMetadataName($"Net+{layer}Kernel+IlgpuShape")!;
        foreach (string layer in new[] { "Table", "Rotating", "Output" })
        {
            Assert.Contains(Kernel(layer).AllInterfaces, i => i.ToDisplayString() == "SparseGen.Ilgpu.IIlgpuLayer");
        }

        Assert.Contains(Shape("Table").AllInterfaces, i => i.Name == "IEllShape");
        Assert.Contains(Shape("Rotating").AllInterfaces, i => i.Name == "IRotationShape");
        Assert.Contains(Shape("Output").AllInterfaces, i => i.Name == "ILayerShape");
        Assert.Contains(output.SyntaxTrees, t => t.ToString().Contains("InternalsVisibleTo(\"ILGPURuntime\")", System.StringComparison.Ordinal));
    }
}
