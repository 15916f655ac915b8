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
    /// <summary>Reads one <c>[SparseLayer]</c> attribute, reporting every rule it breaks; null when it breaks one.</summary>
    public static LayerModel? Parse(IPropertySymbol property, AttributeData attribute, int inputs, string accessibility, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length != 3 || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
        {
            return null; // the compiler reports the malformed attribute itself
        }

        string name = property.Name;
        int before = diagnostics.Count;
        double density = Convert.ToDouble(attribute.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
        var pattern = (ConnectivityPattern)Convert.ToInt32(attribute.ConstructorArguments[1].Value, CultureInfo.InvariantCulture);
        ulong seed = Convert.ToUInt64(attribute.ConstructorArguments[2].Value, CultureInfo.InvariantCulture);
        int units = AttributeArguments.NamedInt(attribute, "Units") ?? 0;
        var activation = (Activation)(AttributeArguments.NamedInt(attribute, "Activation") ?? 0);
        var requested = (CodegenStrategy)(AttributeArguments.NamedInt(attribute, "Codegen") ?? 0);
        double dropout = attribute.NamedArguments.Where(a => a.Key == "Dropout").Select(a => Convert.ToDouble(a.Value.Value, CultureInfo.InvariantCulture)).FirstOrDefault();

        Location Where(int position, string? named = null) =>
            AttributeArguments.Location(attribute, named, cancellationToken, position) ?? property.Locations[0];
        void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
            diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? string.Empty).ToArray()));

        if (!Enum.IsDefined(typeof(ConnectivityPattern), pattern))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, Where(1), name, nameof(ConnectivityPattern), (int)pattern);
        }

        if (!Enum.IsDefined(typeof(Activation), activation))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, Where(-1, "Activation"), name, nameof(Activation), (int)activation);
        }

        if (!Enum.IsDefined(typeof(CodegenStrategy), requested))
        {
            Report(DiagnosticDescriptors.UnknownEnumValue, Where(-1, "Codegen"), name, nameof(CodegenStrategy), (int)requested);
        }

        if (double.IsNaN(density) || density < 0 || density > 1)
        {
            Report(DiagnosticDescriptors.DensityOutOfRange, Where(0), name, density);
        }

        if (units < 1)
        {
            Report(DiagnosticDescriptors.UnitsOutOfRange, Where(-1, "Units"), name, units);
        }

        if (double.IsNaN(dropout) || dropout < 0 || dropout >= 1)
        {
            Report(DiagnosticDescriptors.DropoutOutOfRange, Where(-1, "Dropout"), name, dropout);
        }

        if (pattern == ConnectivityPattern.Dense && density != 1.0 && !double.IsNaN(density))
        {
            Report(DiagnosticDescriptors.DenseNeedsFullDensity, Where(0), name, density);
        }

        if (diagnostics.Count == before && inputs >= 1)
        {
            long edges = Topology.EdgeCountFor(pattern, inputs, units, density);
            bool degree = Topology.UsesDegree(pattern);
            if (edges > Topology.MaxEdgeCount)
            {
                Report(DiagnosticDescriptors.TooManyEdges, Where(0), name, inputs, units, density, edges, Topology.MaxEdgeCount);
            }
            else if (edges == 0)
            {
                double minimum = 0.5 / (degree ? units : (double)inputs * units);
                Report(DiagnosticDescriptors.NoEdges, Where(0), name, inputs, units, density,
                    degree ? "the degree k = round(density * Units)" : "the edge count round(density * inputs * Units)",
                    minimum.ToString("G3", CultureInfo.InvariantCulture));
            }
            else if (StrategyChoice.Problem(requested, pattern, inputs, units, edges) is { } problem)
            {
                Report(DiagnosticDescriptors.StrategyNotApplicable, Where(-1, "Codegen"), name, requested, problem);
            }
        }

        bool hasErrors = diagnostics.Count != before;
        if (seed != 0 && Enum.IsDefined(typeof(ConnectivityPattern), pattern) && !Topology.UsesSeed(pattern))
        {
            Report(DiagnosticDescriptors.SeedIgnored, Where(2), name, pattern, seed);
        }

        if (hasErrors)
        {
            return null;
        }

        CodegenStrategy strategy = StrategyChoice.Resolve(requested, pattern, inputs, units, Topology.EdgeCountFor(pattern, inputs, units, density));
        return new LayerModel(name, accessibility, inputs, units, density, pattern, seed, activation, dropout, strategy);
    }
}
