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

/// <summary>
/// The result of parsing one <c>[SparseModel]</c> class (or one <c>[SparseLayer]</c> property outside a model):
/// a valid model, or stubs for a type with errors, or neither; and the diagnostics.
/// </summary>
internal sealed record ParseResult(ModelSpec? Model, StubSpec? Stubs, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Reads a <c>[SparseModel]</c> class and its <c>[SparseLayer]</c> properties into a <see cref="ModelSpec"/>, checking every rule.</summary>
internal static class ModelParser
{
    public static readonly string ModelAttributeName = typeof(SparseModelAttribute).FullName!;
    public static readonly string LayerAttributeName = typeof(SparseLayerAttribute).FullName!;
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
            return new ParseResult(null, null, new EquatableArray<DiagnosticInfo>(diagnostics));
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
        int inputs = AttributeArguments.NamedInt(modelAttribute, nameof(SparseModelAttribute.Inputs)) ?? 0;
        if (inputs < 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInputs, AttributeArguments.NamedLocation(modelAttribute, nameof(SparseModelAttribute.Inputs), cancellationToken) ?? classLocation,
                type.Name, inputs.ToString(CultureInfo.InvariantCulture)));
            hasErrors = true;
        }

        var layers = new List<LayerModel>();
        var stubs = new List<PropertyStub>();
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

            LayerModel? layer = LayerParser.Parse(property, attribute, previousUnits, diagnostics, cancellationToken);
            if (layer is null)
            {
                hasErrors = true;
                previousUnits = 1;
                continue;
            }

            layers.Add(layer);
            previousUnits = layer.Units;
        }

        if (layers.Count == 0 && !hasErrors)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, classLocation, type.Name));
            hasErrors = true;
        }

        TypeDeclaration target = TypeDeclaration.Of(type);
        var found = new EquatableArray<DiagnosticInfo>(diagnostics);
        return hasErrors
            ? new ParseResult(null, new StubSpec { Declaration = target, Properties = new EquatableArray<PropertyStub>(stubs) }, found)
            : new ParseResult(new ModelSpec { Declaration = target, Inputs = inputs, Layers = new EquatableArray<LayerModel>(layers) }, null, found);
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
            return new ParseResult(null, null, default);
        }

        var syntax = (PropertyDeclarationSyntax)context.TargetNode;
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.LayerOutsideModel, syntax.Identifier.GetLocation(), property.Name, type.Name);
        bool canStub = syntax.Modifiers.Any(SyntaxKind.PartialKeyword)
            && syntax.Parent is TypeDeclarationSyntax parent && parent.Modifiers.Any(SyntaxKind.PartialKeyword)
            && type.ContainingType is null && !type.IsGenericType && type.TypeKind == TypeKind.Class && !type.IsRecord;
        StubSpec? stubs = canStub
            ? new StubSpec { Declaration = TypeDeclaration.Of(type), Properties = new EquatableArray<PropertyStub>([Stub(property)]), Member = property.Name }
            : null;
        return new ParseResult(null, stubs, new EquatableArray<DiagnosticInfo>([diagnostic]));
    }

    /// <summary>What a throwing implementation of the property must match of its declaration.</summary>
    private static PropertyStub Stub(IPropertySymbol property) => new()
    {
        Name = property.Name,
        Accessibility = property.DeclaredAccessibility,
        IsStatic = property.IsStatic,
        TypeName = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
        Setter = property.SetMethod is null ? SetterKind.None : property.SetMethod.IsInitOnly ? SetterKind.Init : SetterKind.Set,
    };

    /// <summary>The <c>[SparseLayer]</c> properties in declaration order (by file, then position).</summary>
    private static IEnumerable<IPropertySymbol> LayerProperties(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LayerAttributeName))
            .OrderBy(p => p.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(p => p.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);
}
