using Microsoft.CodeAnalysis;
using System;
using System.Linq;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Emit;
using SparseGen.Generator.Model;
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

        /// <summary>Reading the AdditionalFiles that a layer names as its topology file (one output per AdditionalFiles item).</summary>
        public const string TopologyFiles = "TopologyFiles";

        /// <summary>Giving each layer its inputs and units (a topology file's shape included) and checking what depends on them.</summary>
        public const string Resolve = "Resolve";

        /// <summary>The models that can be emitted.</summary>
        public const string Models = "Models";

        /// <summary>Building each layer's topology and the tables its strategy needs.</summary>
        public const string Plan = "Plan";

        /// <summary>Emitting throwing stubs for types with errors.</summary>
        public const string EmitStubs = "EmitStubs";

        /// <summary>Giving each model's files their hint names, unique over the compilation.</summary>
        public const string Names = "Names";

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

        // Topology files: only the AdditionalFiles some layer names are read, each in its own step, so editing one
        // reads that one again; an edit to C# that names the same files leaves every read cached.
        var requested = models
            .Select(static (result, _) => TopologyFiles.Requested(result))
            .Collect()
            .Select(static (all, _) => new EquatableArray<string>(all.SelectMany(names => names).Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.Ordinal)));
        var read = context.AdditionalTextsProvider
            .Combine(requested)
            .Select(static (pair, ct) => TopologyFiles.Read(pair.Left, pair.Right, ct))
            .WithTrackingName(Steps.TopologyFiles)
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .Collect();
        var fileSet = context.AdditionalTextsProvider
            .Select(static (text, _) => text.Path)
            .Collect()
            .Combine(read)
            .Select(static (pair, _) => new TopologyFileSet(new EquatableArray<string>(pair.Left), new EquatableArray<TopologyFile>(pair.Right)));

        // Device kernels for SparseGen.Ilgpu are emitted only where the compilation references it.
        IncrementalValueProvider<bool> ilgpu = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(IlgpuEmitter.LayerInterface) is not null);
        context.RegisterSourceOutput(ilgpu, static (spc, referenced) =>
        {
            if (referenced)
            {
                spc.AddSource(IlgpuEmitter.AccessHintName, IlgpuEmitter.Access);
            }
        });
        RegisterOutputs(context, models, fileSet, ilgpu);
        RegisterOutputs(context, orphanLayers, fileSet, ilgpu);
    }

    private static void RegisterOutputs(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed, IncrementalValueProvider<TopologyFileSet> fileSet, IncrementalValueProvider<bool> ilgpu)
    {
        context.RegisterSourceOutput(parsed.SelectMany(static (result, _) => result.Diagnostics),
            static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

        // Every unit's file names, gathered so that names equal but for case are told apart (HintNames).
        var claims = parsed
            .Select(static (result, _) => result.Draft is { HasErrors: false } draft ? HintNames.Claims(draft) : result.Stubs is { } stubs ? HintNames.Claims(stubs) : default)
            .Collect();

        var resolved = parsed
            .Where(static result => result.Draft is not null)
            .Select(static (result, _) => result.Draft!)
            .Combine(fileSet)
            .Select(static (pair, ct) => Resolver.Resolve(pair.Left, pair.Right, ct))
            .WithTrackingName(Steps.Resolve);
        context.RegisterSourceOutput(resolved.SelectMany(static (result, _) => result.Diagnostics),
            static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));

        var files = resolved
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(Steps.Models)
            .Select(static (model, ct) => Planner.Plan(model, ct))
            .WithTrackingName(Steps.Plan)
            .Combine(claims)
            .Select(static (pair, _) => new NamedPlan(pair.Left, new EquatableArray<string>(HintNames.Claims(pair.Left.Model).Select(c => HintNames.Resolve(c, pair.Right)))))
            .WithTrackingName(Steps.Names)
            .Combine(ilgpu)
            .SelectMany(static (pair, ct) => ModelEmitter.Emit(pair.Left.Plan, pair.Left.HintNames, pair.Right, ct))
            .WithTrackingName(Steps.Emit);
        RegisterFiles(context, files);
        RegisterFiles(context, StubFiles(parsed.Select(static (result, _) => result.Stubs), claims));
        RegisterFiles(context, StubFiles(resolved.Select(static (result, _) => result.Stubs), claims));
    }

    /// <summary>The stub file of each type that has stubs, named by the type's claim.</summary>
    private static IncrementalValuesProvider<GeneratedFile> StubFiles(IncrementalValuesProvider<StubSpec?> stubs, IncrementalValueProvider<System.Collections.Immutable.ImmutableArray<EquatableArray<HintClaim>>> claims) =>
        stubs
            .Where(static stub => stub is not null)
            .Select(static (stub, _) => stub!)
            .Combine(claims)
            .Select(static (pair, _) => ModelEmitter.Emit(pair.Left, HintNames.Resolve(HintNames.Claims(pair.Left)[0], pair.Right)))
            .WithTrackingName(Steps.EmitStubs);

    private static void RegisterFiles(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<GeneratedFile> files) =>
        context.RegisterSourceOutput(files, static (spc, file) =>
        {
            if (file.Failure is { } failure)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GenerationFailed, Location.None, failure.Model, failure.Reason));
            }

            spc.AddSource(file.HintName, file.Text);
        });
}
