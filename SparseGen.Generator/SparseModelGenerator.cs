using Microsoft.CodeAnalysis;
using SparseGen.Generator.Emit;
using SparseGen.Generator.Parsing;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator;

/// <summary>
/// The SparseGen incremental generator: for every <c>[SparseModel]</c> class it builds each layer's topology at
/// compile time and emits forward and backward kernels specialised to it, plus the model's
/// <c>ISparseModel</c> implementation. Diagnostics travel in their own branch, so moving code only re-reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SparseModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>Parsing a model class into values and diagnostics.</summary>
        public const string Parse = "Parse";

        /// <summary>Checking <c>[SparseLayer]</c> properties outside any model.</summary>
        public const string ParseOrphans = "ParseOrphans";

        /// <summary>The models that can be emitted.</summary>
        public const string Models = "Models";

        /// <summary>Building each layer's topology and the tables its strategy needs.</summary>
        public const string Plan = "Plan";

        /// <summary>Emitting throwing stubs for types with errors.</summary>
        public const string EmitStubs = "EmitStubs";

        /// <summary>Emitting the source files of a model.</summary>
        public const string Emit = "Emit";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(ModelParser.ModelAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.RecordDeclarationSyntax,
                ModelParser.Parse)
            .WithTrackingName(Steps.Parse);
        var orphanLayers = context.SyntaxProvider
            .ForAttributeWithMetadataName(ModelParser.LayerAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax,
                ModelParser.ParseOrphanLayer)
            .WithTrackingName(Steps.ParseOrphans);
        RegisterOutputs(context, models);
        RegisterOutputs(context, orphanLayers);
    }

    private static void RegisterOutputs(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed)
    {
        context.RegisterSourceOutput(parsed.SelectMany(static (result, _) => result.Diagnostics),
            static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var files = parsed
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(Steps.Models)
            .Select(static (model, ct) => Planner.Plan(model, ct))
            .WithTrackingName(Steps.Plan)
            .SelectMany(static (plan, ct) => ModelEmitter.Emit(plan, ct))
            .WithTrackingName(Steps.Emit);
        var stubs = parsed
            .Where(static result => result.Stubs is not null)
            .SelectMany(static (result, ct) => ModelEmitter.Emit(result.Stubs!, ct))
            .WithTrackingName(Steps.EmitStubs);

        RegisterFiles(context, files);
        RegisterFiles(context, stubs);
    }

    private static void RegisterFiles(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<Model.GeneratedFile> files)
    {
        context.RegisterSourceOutput(files, static (spc, file) =>
        {
            if (file.Failure is not null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.DiagnosticDescriptors.TopologyFailed, Location.None, file.Failure));
            }

            spc.AddSource(file.HintName, file.Text);
        });
    }
}
