using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using SparseGen.Generator.Diagnostics;
using SparseGen.Generator.Emit;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Parsing;

/// <summary>Finds the members of a model (declared, inherited, or the class's own name) that the generated part would repeat.</summary>
internal static class NameClashes
{
    /// <summary>Reports every clash; true when there is one.</summary>
    public static bool Check(INamedTypeSymbol type, IReadOnlyList<IPropertySymbol> layers, Location classLocation, List<DiagnosticInfo> diagnostics)
    {
        Dictionary<string, string> generated = GeneratedNames(layers.Select(l => l.Name));
        int before = diagnostics.Count;
        void Report(Location? location, string member, string what) =>
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NameClash, location ?? classLocation, type.Name, member, what));

        if (generated.TryGetValue(type.Name, out string? own))
        {
            Report(classLocation, type.Name, own + " (a member cannot have its class's name)");
        }

        foreach (ISymbol member in type.GetMembers().Where(m => !m.IsImplicitlyDeclared && !IsAccessor(m)))
        {
            Location? location = member.Locations.FirstOrDefault(l => l.IsInSource);
            if (generated.TryGetValue(member.Name, out string? what))
            {
                Report(location, member.Name, what);
            }
            else if (ExplicitImplementations(member).FirstOrDefault(i => ModelParser.IsModelInterface(i.ContainingType)) is { } implemented)
            {
                Report(location, "ISparseModel." + implemented.Name, "the model's ISparseModel implementation");
            }
        }

        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            foreach (ISymbol member in baseType.GetMembers().Where(m => m.DeclaredAccessibility != Accessibility.Private && !m.IsImplicitlyDeclared && !IsAccessor(m)))
            {
                if (generated.TryGetValue(member.Name, out string? what))
                {
                    Report(classLocation, $"{baseType.Name}.{member.Name}", what + ", which would hide the inherited member");
                }
            }
        }

        return diagnostics.Count != before;
    }

    /// <summary>Every name the generated part declares in the model, with what it is.</summary>
    private static Dictionary<string, string> GeneratedNames(IEnumerable<string> layers)
    {
        var names = new Dictionary<string, string>
        {
            ["InputCount"] = "the ISparseModel member InputCount",
            ["OutputCount"] = "the ISparseModel member OutputCount",
            ["Layers"] = "the ISparseModel member Layers",
            ["Initialize"] = "the ISparseModel member Initialize",
            ["Predict"] = "the ISparseModel member Predict",
            [ModelEmitter.NetworkField] = "its private field " + ModelEmitter.NetworkField,
            [ModelEmitter.CreateNetwork] = "its private method " + ModelEmitter.CreateNetwork,
        };
        foreach (string layer in layers)
        {
            names[LayerEmitter.KernelName(layer)] = $"the kernel class {LayerEmitter.KernelName(layer)} of layer {layer}";
            names[PredictEmitter.KernelField(layer)] = $"the kernel field {PredictEmitter.KernelField(layer)} of layer {layer}";
        }

        return names;
    }

    private static bool IsAccessor(ISymbol member) => member is IMethodSymbol { AssociatedSymbol: not null };

    private static IEnumerable<ISymbol> ExplicitImplementations(ISymbol member) => member switch
    {
        IPropertySymbol property => property.ExplicitInterfaceImplementations,
        IMethodSymbol method => method.ExplicitInterfaceImplementations,
        IEventSymbol @event => @event.ExplicitInterfaceImplementations,
        _ => [],
    };
}
