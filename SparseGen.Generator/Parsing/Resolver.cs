using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SparseGen.Core.Formats;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Parsing;

/// <summary>A resolved model: a valid <see cref="ModelSpec"/>, or stubs when resolving found an error; and the diagnostics.</summary>
internal sealed record ResolveResult(ModelSpec? Model, StubSpec? Stubs, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Gives every layer of a parsed model its inputs and units, chaining them from the model's <c>Inputs</c> through
/// each layer (a topology file's shape included), and checks what depends on them: the edge count, the strategy,
/// the limits (docs/diagnostics.md, SPG0010, SPG0011, SPG0015, SPG0018, SPG0023-SPG0027). A draft that already has
/// errors is only checked, so that every error is reported at once.
/// </summary>
internal static class Resolver
{
    /// <summary>Resolves a draft; an unexpected exception is an SPG0099 diagnostic for this model alone.</summary>
    public static ResolveResult Resolve(ModelDraft draft, TopologyFileSet files, CancellationToken cancellationToken)
    {
        try
        {
#if SPARSEGEN_FAULT_INJECTION
            FaultInjection.At(FaultInjection.Resolve, draft.Declaration.Type.Name);
#endif
            return ResolveModel(draft, files, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, draft.Class, draft.Declaration.Type.Name, Failure.Describe(e));
            return new ResolveResult(null, draft.HasErrors ? null : Stubs(draft), new EquatableArray<DiagnosticInfo>([failure]));
        }
    }

    private static ResolveResult ResolveModel(ModelDraft draft, TopologyFileSet files, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var layers = new List<LayerModel>();
        bool failed = false;
        int previous = draft.Inputs;
        string arriving = $"the model declares Inputs = {Text(draft.Inputs)}";
        foreach (LayerDraft layer in draft.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LayerModel? resolved = layer.Failed || previous < 1 ? null
                : layer.TopologyFile is null ? Seeded(layer, previous, diagnostics)
                : FromFile(layer, previous, arriving, files, diagnostics);
            if (resolved is null)
            {
                failed = true;
                previous = layer.Units;
            }
            else
            {
                layers.Add(resolved);
                previous = resolved.Units;
            }

            arriving = $"the layer before it, '{layer.Name}', has {Text(previous)} units";
        }

        long hidden = layers.Take(layers.Count - 1).Sum(l => (long)l.Units);
        if (!failed && hidden > Limits.MaxHiddenUnits)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLargeToGenerate, draft.Class, $"Model '{draft.Declaration.Type.Name}'",
                $"has {Text(hidden)} hidden units in all", $"{Text(Limits.MaxHiddenUnits)} hidden units in a model"));
            failed = true;
        }

        var found = new EquatableArray<DiagnosticInfo>(diagnostics);
        failed |= diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        return draft.HasErrors ? new ResolveResult(null, null, found)
            : failed ? new ResolveResult(null, Stubs(draft), found)
            : new ResolveResult(new ModelSpec { Declaration = draft.Declaration, Inputs = draft.Inputs, Layers = new EquatableArray<LayerModel>(layers) }, null, found);
    }

    /// <summary>A layer built from its pattern, density and seed, checked at its inputs.</summary>
    private static LayerModel? Seeded(LayerDraft layer, int inputs, List<DiagnosticInfo> diagnostics)
    {
        string name = layer.Name, density = Text(layer.Density);
        long edges = Topology.EdgeCountFor(layer.Pattern, inputs, layer.Units, layer.Density);
        bool rotating = StrategyChoice.IsRotating(layer.Pattern);
        int degree = rotating ? Topology.DegreeFor(layer.Units, layer.Density) : 0;
        void Report(DiagnosticDescriptor descriptor, SourceSite site, params string[] arguments) => diagnostics.Add(DiagnosticInfo.Create(descriptor, site, arguments));
        if (edges > Topology.MaxEdgeCount)
        {
            Report(DiagnosticDescriptors.TooManyEdges, layer.Sites.Density, name, Text(inputs), Text(layer.Units), density, Text(edges), Text(Topology.MaxEdgeCount));
        }
        else if (edges == 0)
        {
            bool byDegree = Topology.UsesDegree(layer.Pattern);
            double minimum = 0.5 / (byDegree ? layer.Units : (double)inputs * layer.Units);
            Report(DiagnosticDescriptors.NoEdges, layer.Sites.Density, name, Text(inputs), Text(layer.Units), density,
                byDegree ? "the degree k = round(density * Units)" : "the edge count round(density * inputs * Units)",
                minimum.ToString("G3", CultureInfo.InvariantCulture));
        }
        else if (StrategyChoice.Problem(layer.Requested, layer.Pattern.ToString(), rotating, degree, inputs, layer.Units, edges) is { } problem)
        {
            Report(DiagnosticDescriptors.StrategyNotApplicable, layer.Sites.Codegen, name, layer.Requested.ToString(), problem);
        }
        else if (edges > Limits.MaxBuiltEdges)
        {
            Report(DiagnosticDescriptors.TooLargeToGenerate, layer.Sites.Density, $"Layer '{name}' ({Text(inputs)} x {Text(layer.Units)} at density {density})",
                $"has {Text(edges)} edges", $"{Text(Limits.MaxBuiltEdges)} edges in a layer");
        }
        else
        {
            return Model(layer, new ConnectivitySpec(layer.Pattern, inputs, layer.Units, layer.Density, layer.Seed),
                StrategyChoice.Resolve(layer.Requested, rotating, degree, inputs, layer.Units, edges));
        }

        return null;
    }

    /// <summary>A layer read from its topology file, whose columns must be the inputs that arrive.</summary>
    private static LayerModel? FromFile(LayerDraft layer, int inputs, string arriving, TopologyFileSet files, List<DiagnosticInfo> diagnostics)
    {
        // The name as written (matched against the AdditionalFiles) and as quoted in a diagnostic (Excerpt: at most 60 characters).
        string name = layer.Name, written = layer.TopologyFile!, file = Excerpt.Of(written);
        void Report(DiagnosticDescriptor descriptor, SourceSite site, params string[] arguments) => diagnostics.Add(DiagnosticInfo.Create(descriptor, site, arguments));
        string[] matches = files.Paths.Where(p => TopologyFiles.Matches(p, written)).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        if (matches.Length == 0)
        {
            Report(DiagnosticDescriptors.TopologyFileNotFound, layer.Sites.File, name, file, "is not among the project's AdditionalFiles", Excerpt.Of(FileName(written)));
            return null;
        }

        if (matches.Length > 1)
        {
            string[] segments = matches[0].Replace('\\', '/').Split('/');
            string suggestion = segments.Length >= 2 ? segments[segments.Length - 2] + "/" + segments[segments.Length - 1] : matches[0];
            Report(DiagnosticDescriptors.TopologyFileAmbiguous, layer.Sites.File, name, file, Text(matches.Length), string.Join(", ", matches), suggestion);
            return null;
        }

        TopologyFile read = files.Files.First(f => f.Path == matches[0]);
        if (read.Problem is { } problem)
        {
            switch (problem.Kind)
            {
                case FileProblemKind.TooLarge:
                    Report(DiagnosticDescriptors.TooLargeToGenerate, layer.Sites.File, $"Layer '{name}' (topology file '{file}')", $"has {problem.What}", $"{Text(Limits.MaxFileEdges)} edges of a topology file");
                    break;
                case FileProblemKind.TooManyUnits:
                    Report(DiagnosticDescriptors.TooLargeToGenerate, layer.Sites.File, $"Layer '{name}' (topology file '{file}')", $"is {problem.What}", $"{Text(Limits.MaxLayerSize)} inputs or units in a layer");
                    break;
                case FileProblemKind.Edge:
                    Report(DiagnosticDescriptors.TopologyFileEdge, problem.Site, file, name, Text(problem.Line), problem.What);
                    break;
                default:
                    Report(DiagnosticDescriptors.TopologyFileMalformed, problem.Site, file, name, Text(problem.Line), problem.What);
                    break;
            }

            return null;
        }

        TopologyData data = read.Data!;
        string rows = Text(data.Units), columns = Text(data.Inputs);
        if (data.Units > Limits.MaxLayerSize || data.Inputs > Limits.MaxLayerSize)
        {
            Report(DiagnosticDescriptors.TooLargeToGenerate, layer.Sites.File, $"Layer '{name}' (topology file '{file}')", $"is {rows} x {columns}", $"{Text(Limits.MaxLayerSize)} inputs or units in a layer");
            return null;
        }

        if (layer.Units > 0 && layer.Units != data.Units)
        {
            Report(DiagnosticDescriptors.TopologyFileShape, layer.Sites.Units, name, file, rows, columns, $"the layer declares Units = {Text(layer.Units)}, and a layer's units are its file's rows");
            return null;
        }

        if (data.Inputs != inputs)
        {
            Report(DiagnosticDescriptors.TopologyFileShape, layer.Sites.File, name, file, rows, columns, $"{arriving}, and a layer's inputs are its file's columns");
            return null;
        }

        int degree = data.Shifts?.Length ?? 0;
        if (StrategyChoice.Problem(layer.Requested, $"the topology of '{file}', which is not rotating", data.Shifts is not null, degree, data.Inputs, data.Units, data.EdgeCount) is { } strategyProblem)
        {
            Report(DiagnosticDescriptors.StrategyNotApplicable, layer.Sites.Codegen, name, layer.Requested.ToString(), strategyProblem);
            return null;
        }

        var connectivity = new ConnectivitySpec(ConnectivityPattern.ErdosRenyi, data.Inputs, data.Units, data.EdgeCount / ((double)data.Inputs * data.Units), 0);
        return Model(layer, connectivity, StrategyChoice.Resolve(layer.Requested, data.Shifts is not null, degree, data.Inputs, data.Units, data.EdgeCount)) with
        {
            TopologyFile = written,
            File = data,
        };
    }

    private static LayerModel Model(LayerDraft layer, ConnectivitySpec connectivity, (CodegenStrategy Strategy, string Reason) choice) => new()
    {
        Name = layer.Name,
        Accessibility = layer.Accessibility,
        Modifiers = layer.Modifiers,
        Connectivity = connectivity,
        Activation = layer.Activation,
        Dropout = layer.Dropout,
        NegativeSlope = layer.NegativeSlope,
        Strategy = choice.Strategy,
        StrategyReason = choice.Reason,
    };

    /// <summary>Throwing bodies for the layer properties of a model that cannot be generated.</summary>
    private static StubSpec Stubs(ModelDraft draft) => new()
    {
        Declaration = draft.Declaration,
        Properties = new EquatableArray<PropertyStub>(draft.Layers.Select(l => new PropertyStub
        {
            Name = l.Name,
            Accessibility = l.Accessibility,
            Modifiers = l.Modifiers,
            TypeName = PropertyStub.LayerTypeName,
        })),
    };

    private static string FileName(string path) => path.Replace('\\', '/').Split('/').Last();

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
