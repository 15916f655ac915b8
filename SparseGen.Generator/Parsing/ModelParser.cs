using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Parsing;

/// <summary>
/// The result of parsing one <c>[SparseModel]</c> class (or one <c>[SparseLayer]</c> property outside a model): the
/// model's draft for the resolver (also when it has errors, so that their sizes are checked too), stubs for a type
/// with errors, or neither; and the diagnostics.
/// </summary>
internal sealed record ParseResult(ModelDraft? Draft, StubSpec? Stubs, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads a <c>[SparseModel]</c> class and its <c>[SparseLayer]</c> properties into a <see cref="ModelDraft"/>, checking every rule that needs no topology file.</summary>
internal static class ModelParser
{
    public static readonly string ModelAttributeName = typeof(SparseModelAttribute).FullName!;
    public static readonly string LayerAttributeName = typeof(SparseLayerAttribute).FullName!;
    private const string LayerInterfaceName = "SparseGen.ISparseLayer";
    private const string ModelInterfaceName = "SparseGen.ISparseModel";

    /// <summary>Parses a model; an unexpected exception is an SPG0099 diagnostic for this model alone.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
#if SPARSEGEN_FAULT_INJECTION
            FaultInjection.At(FaultInjection.Parse, context.TargetSymbol.Name);
#endif
            return ParseModel(context, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.GenerationFailed, syntax.Identifier.GetLocation(), context.TargetSymbol.Name, Failure.Describe(e));
            return new ParseResult(null, FallbackStubs((INamedTypeSymbol)context.TargetSymbol, syntax), new EquatableArray<DiagnosticInfo>([diagnostic]));
        }
    }

    /// <summary>After an unexpected failure: stubs for every layer property that needs one, if even that can be read; else none.</summary>
    private static StubSpec? FallbackStubs(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        try
        {
            return !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.IsFileLocal ? null : new StubSpec
            {
                Declaration = TypeDeclaration.Of(type),
                Properties = new EquatableArray<PropertyStub>(LayerProperties(type)
                    .Where(p => p.IsPartialDefinition && p.PartialImplementationPart is null && !p.IsAbstract)
                    .Select(Stub)),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private static ParseResult ParseModel(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        if (!IsFirst(context.Attributes[0], type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == ModelAttributeName)))
        {
            return new ParseResult(null, null, default); // a repeated [SparseModel]: the compiler reports it (CS0579)
        }

        var diagnostics = new List<DiagnosticInfo>();
        Location classLocation = syntax.Identifier.GetLocation();
        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, classLocation, type.Name));
            return new ParseResult(null, null, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        bool fileLocal = false;
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            fileLocal |= t.IsFileLocal;
        }

        string? shapeProblem = type.ContainingType is not null ? "nested in " + type.ContainingType.Name
            : type.IsGenericType ? "generic"
            : type.IsStatic ? "static"
            : fileLocal ? "file-local (a generated part in another file cannot join it)"
            : type.IsRecord ? (type.TypeKind == TypeKind.Struct ? "a record struct" : "a record")
            : null;
        bool hasErrors = shapeProblem is not null;
        if (shapeProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotTopLevel, classLocation, type.Name, shapeProblem));
        }

        AttributeData modelAttribute = context.Attributes[0];
        int inputs = AttributeArguments.NamedInt(modelAttribute, nameof(SparseModelAttribute.Inputs)) ?? 0;
        Location inputsLocation = AttributeArguments.NamedLocation(modelAttribute, nameof(SparseModelAttribute.Inputs), cancellationToken) ?? classLocation;
        if (inputs < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputs, inputsLocation, type.Name, inputs.ToString(CultureInfo.InvariantCulture)));
            hasErrors = true;
        }
        else if (inputs > Limits.MaxLayerSize)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooLargeToGenerate, inputsLocation, $"Model '{type.Name}'",
                $"has Inputs = {inputs.ToString(CultureInfo.InvariantCulture)}", $"{Limits.MaxLayerSize.ToString(CultureInfo.InvariantCulture)} inputs of a layer"));
            hasErrors = true;
        }

        IPropertySymbol[] layerProperties = LayerProperties(type).ToArray();
        var parts = layerProperties.Select(p => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).Parent).Distinct().ToArray();
        if (parts.Length > 1)
        {
            var second = layerProperties.First(p => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).Parent == parts[1]);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersInSeveralParts, second.Locations.FirstOrDefault(), type.Name, parts.Length.ToString(CultureInfo.InvariantCulture)));
            hasErrors = true;
        }

        var layers = new List<LayerDraft>();
        var stubs = new List<PropertyStub>();
        foreach (IPropertySymbol property in layerProperties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            LayerDraft? layer = ParseLayer(context.SemanticModel, type, property, classLocation, diagnostics, stubs, cancellationToken);
            layers.Add(layer ?? new LayerDraft { Name = property.Name, Failed = true, Sites = new LayerSites(SourceSite.None, SourceSite.None, SourceSite.None, SourceSite.None) });
            hasErrors |= layer is null || layer.Failed;
        }

        hasErrors |= NameClashes.Check(type, layerProperties, classLocation, diagnostics);
        if (layers.Count == 0 && !hasErrors)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, type.Name));
            hasErrors = true;
        }

        TypeDeclaration target = TypeDeclaration.Of(type);
        var draft = new ModelDraft
        {
            Declaration = target,
            Inputs = inputs is >= 1 and <= Limits.MaxLayerSize ? inputs : 0,
            Layers = new EquatableArray<LayerDraft>(layers),
            HasErrors = hasErrors,
            Class = SourceSite.Of(classLocation),
        };
        var found = new EquatableArray<DiagnosticInfo>(diagnostics);
        return new ParseResult(draft, hasErrors && !fileLocal ? new StubSpec { Declaration = target, Properties = new EquatableArray<PropertyStub>(stubs) } : null, found);
    }

    /// <summary>
    /// Checks one layer property and reads its attribute; null when the property itself breaks a rule, a failed
    /// draft when its attribute does. Adds to <paramref name="stubs"/> what the property needs from generated code
    /// if the model cannot be generated.
    /// </summary>
    private static LayerDraft? ParseLayer(SemanticModel semanticModel, INamedTypeSymbol type, IPropertySymbol property, Location classLocation,
        List<DiagnosticInfo> diagnostics, List<PropertyStub> stubs, CancellationToken cancellationToken)
    {
        AttributeData attribute = property.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName);
        var declaration = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
        Location propertyLocation = declaration?.Identifier.GetLocation() ?? property.Locations.FirstOrDefault() ?? classLocation;
        if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNotPartial, propertyLocation, property.Name));
            return null;
        }

        bool failed = false;
        if (!property.IsPartialDefinition)
        {
            // Only an implementing part (a body, or extern): declare the property here, so the compiler has nothing to add.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAlreadyImplemented, propertyLocation, property.Name, Implemented(declaration)));
            stubs.Add(Stub(property) with { IsDefinition = true });
            return null;
        }

        if (property.PartialImplementationPart?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is PropertyDeclarationSyntax implementation)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerAlreadyImplemented, implementation.Identifier.GetLocation(), property.Name, Implemented(implementation)));
            return null; // the user's implementation stands: no stub
        }

        foreach (SyntaxToken modifier in declaration.Modifiers.Where(m => m.Kind() is SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword
            or SyntaxKind.SealedKeyword or SyntaxKind.AbstractKeyword or SyntaxKind.RequiredKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModifier, modifier.GetLocation(), property.Name, modifier.Text));
            failed = true;
        }

        if (!property.IsAbstract)
        {
            stubs.Add(Stub(property));
        }

        string? wrongShape = property.IsStatic && !type.IsStatic ? "is static"
            : property.Type.ToDisplayString() != LayerInterfaceName ? $"has type '{property.Type.ToDisplayString()}' instead of ISparseLayer"
            : property.SetMethod is not null ? "has a setter"
            : null;
        if (wrongShape is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerWrongShape, propertyLocation, property.Name, wrongShape));
            return null;
        }

        LayerDraft? layer = LayerParser.Parse(property, attribute, Modifiers(property), semanticModel, diagnostics, cancellationToken);
        return failed && layer is not null ? layer with { Failed = true } : layer;
    }

    private static string Implemented(PropertyDeclarationSyntax declaration) =>
        declaration.Modifiers.Any(SyntaxKind.ExternKeyword) ? "is extern" : "already has a body";

    /// <summary>
    /// For a <c>[SparseLayer]</c> property whose class has no <c>[SparseModel]</c>: the diagnostic and, when the
    /// property and its class are partial, a stub implementation so the compiler adds no error of its own.
    /// </summary>
    public static ParseResult ParseOrphanLayer(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var property = (IPropertySymbol)context.TargetSymbol;
        INamedTypeSymbol type = property.ContainingType;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ModelAttributeName)
            || !IsFirst(context.Attributes[0], property.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName)))
        {
            return new ParseResult(null, null, default);
        }

        var syntax = (PropertyDeclarationSyntax)context.TargetNode;
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.LayerOutsideModel, syntax.Identifier.GetLocation(), property.Name, type.Name);
        bool canStub = syntax.Modifiers.Any(SyntaxKind.PartialKeyword) && property.IsPartialDefinition && property.PartialImplementationPart is null && !property.IsAbstract
            && syntax.Parent is TypeDeclarationSyntax parent && parent.Modifiers.Any(SyntaxKind.PartialKeyword)
            && type.ContainingType is null && !type.IsGenericType && !type.IsFileLocal && type.TypeKind == TypeKind.Class && !type.IsRecord;
        StubSpec? stubs = canStub
            ? new StubSpec { Declaration = TypeDeclaration.Of(type), Properties = new EquatableArray<PropertyStub>([Stub(property)]), Member = property.Name }
            : null;
        return new ParseResult(null, stubs, new EquatableArray<DiagnosticInfo>([diagnostic]));
    }

    /// <summary>Whether <paramref name="attribute"/> is the first of <paramref name="all"/> in source: a repeated attribute is the compiler's error, and is parsed once.</summary>
    private static bool IsFirst(AttributeData attribute, IEnumerable<AttributeData> all)
    {
        AttributeData? first = all.FirstOrDefault();
        return first is null || first.ApplicationSyntaxReference?.Span == attribute.ApplicationSyntaxReference?.Span
            && first.ApplicationSyntaxReference?.SyntaxTree == attribute.ApplicationSyntaxReference?.SyntaxTree;
    }

    /// <summary>What a throwing implementation of the property must match of its declaration.</summary>
    private static PropertyStub Stub(IPropertySymbol property) => new()
    {
        Name = property.Name,
        Accessibility = property.DeclaredAccessibility,
        IsStatic = property.IsStatic,
        Modifiers = Modifiers(property),
        TypeName = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        Setter = property.SetMethod is null ? SetterKind.None : property.SetMethod.IsInitOnly ? SetterKind.Init : SetterKind.Set,
    };

    private static MemberModifiers Modifiers(IPropertySymbol property) =>
        (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.NewKeyword) ? MemberModifiers.New : MemberModifiers.None)
        | (property.IsVirtual ? MemberModifiers.Virtual : MemberModifiers.None)
        | (property.IsOverride ? MemberModifiers.Override : MemberModifiers.None)
        | (property.IsSealed ? MemberModifiers.Sealed : MemberModifiers.None)
        | (property.IsRequired ? MemberModifiers.Required : MemberModifiers.None);

    /// <summary>The <c>[SparseLayer]</c> properties in declaration order (by file, then position).</summary>
    internal static IEnumerable<IPropertySymbol> LayerProperties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName))
            .OrderBy(p => p.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);

    internal static bool IsModelInterface(INamedTypeSymbol? type) => type?.ToDisplayString() == ModelInterfaceName;
}
