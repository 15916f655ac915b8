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

namespace SparseGen.Generator.Parsing;

/// <summary>The result of parsing one <c>[SparseModel]</c> class: the model (null when nothing can be emitted) and its diagnostics.</summary>
internal sealed record ParseResult(ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads a <c>[SparseModel]</c> class and its <c>[SparseLayer]</c> properties into a <see cref="ModelSpec"/>, checking every rule.</summary>
internal static class ModelParser
{
    public const string ModelAttributeName = "SparseGen.SparseModelAttribute";
    public const string LayerAttributeName = "SparseGen.SparseLayerAttribute";
    private const string LayerInterfaceName = "SparseGen.ISparseLayer";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var diagnostics = new List<DiagnosticInfo>();
        Location classLocation = syntax.Identifier.GetLocation();

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, classLocation, type.Name));
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics));
        }

        bool hasErrors = false;
        string? shapeProblem = type.ContainingType is not null ? "nested in " + type.ContainingType.Name
            : type.IsGenericType ? "generic"
            : type.IsStatic ? "static"
            : type.IsRecord ? "a record"
            : null;
        if (shapeProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotTopLevel, classLocation, type.Name, shapeProblem));
            hasErrors = true;
        }

        AttributeData modelAttribute = context.Attributes[0];
        int inputs = AttributeArguments.NamedInt(modelAttribute, "Inputs") ?? 0;
        if (inputs < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputs, AttributeArguments.Location(modelAttribute, "Inputs", cancellationToken) ?? classLocation,
                type.Name, inputs.ToString(CultureInfo.InvariantCulture)));
            hasErrors = true;
        }

        var layers = new List<LayerModel>();
        var stubs = new List<string>();
        int previousUnits = inputs;
        IPropertySymbol[] layerProperties = LayerProperties(type).ToArray();
        var parts = layerProperties.Select(p => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).Parent).Distinct().ToArray();
        if (parts.Length > 1)
        {
            var second = layerProperties.First(p => p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).Parent == parts[1]);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayersInSeveralParts, second.Locations.FirstOrDefault(), type.Name, parts.Length.ToString(CultureInfo.InvariantCulture)));
            hasErrors = true;
        }

        foreach (IPropertySymbol property in layerProperties)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AttributeData attribute = property.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName);
            var declaration = property.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<PropertyDeclarationSyntax>().FirstOrDefault();
            Location propertyLocation = declaration?.Identifier.GetLocation() ?? property.Locations.FirstOrDefault() ?? classLocation;
            if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerNotPartial, propertyLocation, property.Name));
                hasErrors = true;
                continue;
            }

            stubs.Add(Stub(property));
            string? wrongShape = property.IsStatic && !type.IsStatic ? "is static"
                : property.Type.ToDisplayString() != LayerInterfaceName ? $"has type '{property.Type.ToDisplayString()}' instead of ISparseLayer"
                : property.SetMethod is not null ? "has a setter"
                : null;
            if (wrongShape is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerWrongShape, propertyLocation, property.Name, wrongShape));
                hasErrors = true;
                continue;
            }

            LayerModel? layer = LayerParser.Parse(property, attribute, previousUnits, Accessibility(property), diagnostics, cancellationToken);
            if (layer is null)
            {
                hasErrors = true;
                layer = new LayerModel(property.Name, Accessibility(property), previousUnits, 1, 1, ConnectivityPattern.Dense, 0, Activation.Linear, 0, CodegenStrategy.Dense);
            }

            layers.Add(layer);
            previousUnits = layer.Units;
        }

        if (layers.Count == 0 && !hasErrors)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, type.Name));
            hasErrors = true;
        }

        string ns = Namespace(type);
        string typeParameters = type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        var containing = new List<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string kind = outer.IsRecord ? "record" : outer.TypeKind == TypeKind.Struct ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
            string parameters = outer.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", outer.TypeParameters.Select(p => p.Name)) + ">";
            containing.Insert(0, $"partial {kind} {outer.Name}{parameters}");
        }

        var model = new ModelSpec(ns, type.Name, inputs, new EquatableArray<LayerModel>(layers), hasErrors,
            typeParameters, new EquatableArray<string>(containing), new EquatableArray<string>(stubs), string.Empty, type.IsRecord ? "record" : "class");
        return new ParseResult(model, new EquatableArray<DiagnosticInfo>(diagnostics));
    }

    /// <summary>
    /// For a <c>[SparseLayer]</c> property whose class has no <c>[SparseModel]</c>: the diagnostic and, when the
    /// property and its class are partial, a stub implementation so the compiler adds no error of its own.
    /// </summary>
    public static ParseResult ParseOrphanLayer(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var property = (IPropertySymbol)context.TargetSymbol;
        INamedTypeSymbol type = property.ContainingType;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ModelAttributeName))
        {
            return new ParseResult(null, default);
        }

        var syntax = (PropertyDeclarationSyntax)context.TargetNode;
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.LayerOutsideModel, syntax.Identifier.GetLocation(), property.Name, type.Name);
        bool canStub = syntax.Modifiers.Any(SyntaxKind.PartialKeyword)
            && syntax.Parent is TypeDeclarationSyntax parent && parent.Modifiers.Any(SyntaxKind.PartialKeyword)
            && type.ContainingType is null && !type.IsGenericType && type.TypeKind == TypeKind.Class && !type.IsRecord;
        ModelSpec? stubs = canStub
            ? new ModelSpec(Namespace(type), type.Name, 0, default, true, string.Empty, default, new EquatableArray<string>([Stub(property)]), property.Name, "class")
            : null;
        return new ParseResult(stubs, new EquatableArray<DiagnosticInfo>([diagnostic]));
    }

    private static string Namespace(INamedTypeSymbol type) => type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();

    /// <summary>The property's implementing declaration with throwing accessors, matching its declared shape.</summary>
    private static string Stub(IPropertySymbol property)
    {
        const string Throw = "throw new global::System.InvalidOperationException(\"This SparseGen model has errors; fix the SPG diagnostics and rebuild.\")";
        string modifiers = Accessibility(property) + (property.IsStatic ? " static" : string.Empty);
        string type = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string setter = property.SetMethod is null ? string.Empty : $" {(property.SetMethod.IsInitOnly ? "init" : "set")} => {Throw};";
        return $"{modifiers} partial {type} {property.Name} {{ get => {Throw};{setter} }}";
    }

    /// <summary>The <c>[SparseLayer]</c> properties in declaration order (by file, then position).</summary>
    private static IEnumerable<IPropertySymbol> LayerProperties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName))
            .OrderBy(p => p.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);

    internal static string Accessibility(IPropertySymbol property) => property.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
