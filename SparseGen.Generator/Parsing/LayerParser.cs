using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Parsing;

/// <summary>Reads the arguments of a <c>[SparseLayer]</c> attribute into a <see cref="LayerModel"/>, checking every rule.</summary>
internal static class LayerParser
{
    // Positions of the constructor's parameters: SparseLayerAttribute(density, pattern, seed).
    private const int DensityParameter = 0;
    private const int PatternParameter = 1;
    private const int SeedParameter = 2;

    /// <summary>Reads one <c>[SparseLayer]</c> attribute, reporting every rule it breaks; null when it breaks one.</summary>
    public static LayerModel? Parse(IPropertySymbol property, AttributeData attribute, int inputs, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 3 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            return null; // the compiler reports the malformed attribute itself
        }

        string name = property.Name;
        int before = diagnostics.Count;
        double density = Convert.ToDouble(attribute.ConstructorArguments[DensityParameter].Value, CultureInfo.InvariantCulture);
        var pattern = (ConnectivityPattern)Convert.ToInt32(attribute.ConstructorArguments[PatternParameter].Value, CultureInfo.InvariantCulture);
        ulong seed = Convert.ToUInt64(attribute.ConstructorArguments[SeedParameter].Value, CultureInfo.InvariantCulture);
        int units = AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Units)) ?? 0;
        var activation = (Activation)(AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Activation)) ?? 0);
        var requested = (CodegenStrategy)(AttributeArguments.NamedInt(attribute, nameof(SparseLayerAttribute.Codegen)) ?? 0);
        double dropout = AttributeArguments.NamedDouble(attribute, nameof(SparseLayerAttribute.Dropout)) ?? 0;

        Location Where(int parameter) => AttributeArguments.ConstructorLocation(attribute, parameter, cancellationToken) ?? property.Locations[0];
        Location WhereNamed(string name) => AttributeArguments.NamedLocation(attribute, name, cancellationToken) ?? property.Locations[0];
        void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToArray()));

        if (!Enum.IsDefined(typeof(ConnectivityPattern), pattern))
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

        if (double.IsNaN(density) || density < 0 || density > 1)
        {
            Report(DiagnosticDescriptors.DensityOutOfRange, Where(DensityParameter), name, density);
        }

        if (units < 1)
        {
            Report(DiagnosticDescriptors.UnitsOutOfRange, WhereNamed(nameof(SparseLayerAttribute.Units)), name, units);
        }

        if (double.IsNaN(dropout) || dropout < 0 || dropout >= 1)
        {
            Report(DiagnosticDescriptors.DropoutOutOfRange, WhereNamed(nameof(SparseLayerAttribute.Dropout)), name, dropout);
        }

        if (pattern == ConnectivityPattern.Dense && density != 1.0 && !double.IsNaN(density))
        {
            Report(DiagnosticDescriptors.DenseNeedsFullDensity, Where(DensityParameter), name, density);
        }

        if (diagnostics.Count == before && inputs >= 1)
        {
            long edges = Topology.EdgeCountFor(pattern, inputs, units, density);
            bool degree = Topology.UsesDegree(pattern);
            if (edges > Topology.MaxEdgeCount)
            {
                Report(DiagnosticDescriptors.TooManyEdges, Where(DensityParameter), name, inputs, units, density, edges, Topology.MaxEdgeCount);
            }
            else if (edges == 0)
            {
                double minimum = 0.5 / (degree ? units : (double)inputs * units);
                Report(DiagnosticDescriptors.NoEdges, Where(DensityParameter), name, inputs, units, density,
                    degree ? "the degree k = round(density * Units)" : "the edge count round(density * inputs * Units)",
                    minimum.ToString("G3", CultureInfo.InvariantCulture));
            }
            else if (StrategyChoice.Problem(requested, pattern, inputs, units, edges) is { } problem)
            {
                Report(DiagnosticDescriptors.StrategyNotApplicable, WhereNamed(nameof(SparseLayerAttribute.Codegen)), name, requested, problem);
            }
        }

        bool hasErrors = diagnostics.Count != before;
        if (seed != 0 && Enum.IsDefined(typeof(ConnectivityPattern), pattern) && !Topology.UsesSeed(pattern))
        {
            Report(DiagnosticDescriptors.SeedIgnored, Where(SeedParameter), name, pattern, seed);
        }

        if (hasErrors)
        {
            return null;
        }

        return new LayerModel
        {
            Name = name,
            Accessibility = property.DeclaredAccessibility,
            Connectivity = new ConnectivitySpec(pattern, inputs, units, density, seed),
            Activation = activation,
            Dropout = dropout,
            Strategy = StrategyChoice.Resolve(requested, pattern, inputs, units, Topology.EdgeCountFor(pattern, inputs, units, density)),
        };
    }
}
