using Microsoft.CodeAnalysis;

namespace SparseGen.Generator.Model;

/// <summary>The kind of a type declaration, which a generated partial part of it repeats.</summary>
internal enum DeclarationKind
{
    Class,
    Struct,
    Interface,
    Record,
    RecordStruct,
}

/// <summary>One declared type: its kind, name (without <c>@</c>) and type parameters.</summary>
internal sealed record DeclaredType
{
    public required DeclarationKind Kind { get; init; }

    public required string Name { get; init; }

    public EquatableArray<string> TypeParameters { get; init; }
}

/// <summary>
/// Where a generated partial part goes: the namespace's segments (none for the global namespace), the types the
/// target is nested in (outermost first) and the target type. Names are as declared, without <c>@</c>; emitters escape them.
/// </summary>
internal sealed record TypeDeclaration
{
    public EquatableArray<string> Namespace { get; init; }

    public EquatableArray<DeclaredType> ContainingTypes { get; init; }

    public required DeclaredType Type { get; init; }

    /// <summary>The declaration of <paramref name="type"/>'s place, read from its symbol.</summary>
    public static TypeDeclaration Of(INamedTypeSymbol type)
    {
        var namespaces = new System.Collections.Generic.List<string>();
        for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            namespaces.Insert(0, ns.Name);
        }

        var containing = new System.Collections.Generic.List<DeclaredType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, Declared(outer));
        }

        return new TypeDeclaration
        {
            Namespace = new EquatableArray<string>(namespaces),
            ContainingTypes = new EquatableArray<DeclaredType>(containing),
            Type = Declared(type),
        };
    }

    private static DeclaredType Declared(INamedTypeSymbol type) => new()
    {
        Kind = type.IsRecord ? (type.TypeKind == TypeKind.Struct ? DeclarationKind.RecordStruct : DeclarationKind.Record)
            : type.TypeKind switch
            {
                TypeKind.Struct => DeclarationKind.Struct,
                TypeKind.Interface => DeclarationKind.Interface,
                _ => DeclarationKind.Class,
            },
        Name = type.Name,
        TypeParameters = new EquatableArray<string>(System.Linq.Enumerable.Select(type.TypeParameters, p => p.Name)),
    };
}
