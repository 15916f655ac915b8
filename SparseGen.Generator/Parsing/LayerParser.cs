using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SparseGen.Core.Formats;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Parsing;

/// <summary>Reads the arguments of a <c>[SparseLayer]</c> attribute into a <see cref="LayerDraft"/>, checking the rules that need no other layer.</summary>
internal static class LayerParser
{
    // Positions of the constructor's parameters: SparseLayerAttribute(density, pattern, seed).
    private const int DensityParameter = 0;
    private const int PatternParameter = 1;
    private const int SeedParameter = 2;

    // The other constructor: SparseLayerAttribute(topologyFile).
    private const int FileParameter = 0;

    /// <summary>
    /// Reads one <c>[SparseLayer]</c> attribute, reporting every rule that needs no other layer and no file; a
    /// draft marked <see cref="LayerDraft.Failed"/> when it breaks one. Sizes are the resolver's (<see cref="Resolver"/>).
    /// </summary>
    public static LayerDraft? Parse(IPropertySymbol property, AttributeData attribute, MemberModifiers modifiers, SemanticModel semanticModel, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        bool fromFile = attribute.ConstructorArguments.Length == 1;
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length is not (1 or 3) || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            return null; // the compiler reports the malformed attribute itself
        }

        string name = property.Name;
        int before = diagnostics.Count;
        double density = fromFile ? 0 : Convert.ToDouble(attribute.ConstructorArguments[DensityParameter].Value, CultureInfo.InvariantCulture);
        var pattern = fromFile ? ConnectivityPattern.ErdosRenyi : (ConnectivityPattern)Convert.ToInt32(attribute.ConstructorArguments[PatternParameter].Value, CultureInfo.InvariantCulture);
        ulong seed = fromFile ? 0 : Convert.ToUInt64(attribute.ConstructorArguments[SeedParameter].Value, CultureInfo.InvariantCulture);
        string? file = fromFile ? (string?)attribute.ConstructorArguments[FileParameter].Value ?? string.Empty : null;
        int? declaredUnits = AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Units));
        int units = declaredUnits ?? 0;
        var activation = (Activation)(AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Activation)) ?? 0);
        var requested = (CodegenStrategy)(AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Codegen)) ?? 0);
        double dropout = AttributeArguments.NamedDouble(attribute, nameof(SparseLayerAttribute.Dropout)) ?? 0;
        double negativeSlope = AttributeArguments.NamedDouble(attribute, nameof(SparseLayerAttribute.NegativeSlope)) ?? 0;

        Location Where(int parameter) => AttributeArguments.ConstructorLocation(attribute, parameter, cancellationToken) ?? property.Locations[0];
        Location WhereNamed(string name) => AttributeArguments.NamedLocation(attribute, name, cancellationToken) ?? property.Locations[0];
        void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToArray()));

        if (!fromFile && !Enum.IsDefined(typeof(ConnectivityPattern), pattern))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, Where(PatternParameter), name, nameof(ConnectivityPattern), (int)pattern);
        }

        if (!Enum.IsDefined(typeof(Activation), activation))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, WhereNamed(nameof(SparseLayerAttribute.Activation)), name, nameof(Activation), (int)activation);
        }

        if (!Enum.IsDefined(typeof(CodegenStrategy), requested))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, WhereNamed(nameof(SparseLayerAttribute.Codegen)), name, nameof(CodegenStrategy), (int)requested);
        }

        if (file is not null && file.Trim().Length == 0)
        {
            Report(DiagnosticDescriptors.TopologyFileNotFound, Where(FileParameter), name, file, "names no file", "hidden.mtx");
        }

        if (double.IsNaN(density) || density < 0 || density > 1)
        {
            Report(DiagnosticDescriptors.DensityOutOfRange, Where(DensityParameter), name, density);
        }

        if (units < 1 && (!fromFile || declaredUnits is not null))
        {
            Report(DiagnosticDescriptors.UnitsOutOfRange, WhereNamed(nameof(SparseLayerAttribute.Units)), name, units);
        }
        else if (units > Limits.MaxLayerSize)
        {
            Report(DiagnosticDescriptors.TooLargeToGenerate, WhereNamed(nameof(SparseLayerAttribute.Units)), $"Layer '{name}'", $"has Units = {units}", $"{Limits.MaxLayerSize} units in a layer");
        }

        if (!fromFile && IntegerDivision(AttributeArguments.ConstructorSyntax(attribute, DensityParameter, cancellationToken)?.Expression, semanticModel, cancellationToken) is { } division)
        {
            Report(DiagnosticDescriptors.IntegerDivisionDensity, Where(DensityParameter), name, Excerpt.Of(division), density, Excerpt.Of(DoubleDivision(division)));
        }

        if (double.IsNaN(dropout) || dropout < 0 || dropout >= 1)
        {
            Report(DiagnosticDescriptors.DropoutOutOfRange, WhereNamed(nameof(SparseLayerAttribute.Dropout)), name, dropout);
        }

        bool finiteSlope = !double.IsNaN(negativeSlope) && !double.IsInfinity(negativeSlope);
        if (!finiteSlope || (negativeSlope != 0 && activation != Activation.LeakyRelu))
        {
            string why = finiteSlope ? $"only Activation = LeakyRelu has a negative slope, and the layer's activation is {activation}" : "the slope must be finite";
            Report(DiagnosticDescriptors.NegativeSlopeInvalid, WhereNamed(nameof(SparseLayerAttribute.NegativeSlope)), name, negativeSlope, why);
        }

        if (pattern == ConnectivityPattern.Dense && density != 1.0 && !double.IsNaN(density))
        {
            Report(DiagnosticDescriptors.DenseNeedsFullDensity, Where(DensityParameter), name, density);
        }

        bool failed = diagnostics.Skip(before).Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
        if (!fromFile && seed != 0 && Enum.IsDefined(typeof(ConnectivityPattern), pattern) && !Topology.UsesSeed(pattern))
        {
            Report(DiagnosticDescriptors.SeedIgnored, Where(SeedParameter), name, pattern, seed);
        }

        return new LayerDraft
        {
            Name = name,
            Failed = failed,
            Accessibility = property.DeclaredAccessibility,
            Modifiers = modifiers,
            Pattern = pattern,
            Density = density,
            Seed = seed,
            Units = units is >= 1 and <= Limits.MaxLayerSize ? units : 0,
            Activation = activation,
            Dropout = dropout,
            NegativeSlope = negativeSlope,
            Requested = requested,
            TopologyFile = file,
            Sites = new LayerSites(
                SourceSite.Of(fromFile ? null : Where(DensityParameter)),
                SourceSite.Of(WhereNamed(nameof(SparseLayerAttribute.Units))),
                SourceSite.Of(WhereNamed(nameof(SparseLayerAttribute.Codegen))),
                SourceSite.Of(fromFile ? Where(FileParameter) : null)),
        };
    }

    /// <summary>The density argument's text when it divides integers (<c>1/10</c>, also in parentheses or cast), else null.</summary>
    private static string? IntegerDivision(ExpressionSyntax? expression, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)expression).Expression;
        }

        if (expression is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.DivideExpression } division)
        {
            return null;
        }

        // The semantic model covers the model's own file; layers in another file fall back to integer literals.
        bool integral = division.SyntaxTree == semanticModel.SyntaxTree
            ? semanticModel.GetTypeInfo(division, cancellationToken).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte
            : IsIntegerLiteral(division.Left) && IsIntegerLiteral(division.Right);
        return integral ? division.ToString() : null;

        static bool IsIntegerLiteral(ExpressionSyntax operand) => operand is LiteralExpressionSyntax { Token.Value: int or long or uint or ulong };
    }

    /// <summary><c>a / b</c> written as a double division: <c>1.0 / 10</c> for an integer literal numerator, else <c>(double)a / b</c>.</summary>
    private static string DoubleDivision(string division)
    {
        int slash = division.IndexOf('/');
        string left = division.Substring(0, slash).Trim(), right = division.Substring(slash + 1).Trim();
        return (left.All(char.IsDigit) ? left + ".0" : "(double)" + left) + " / " + right;
    }
}
