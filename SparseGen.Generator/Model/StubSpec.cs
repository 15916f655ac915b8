using Microsoft.CodeAnalysis;

namespace SparseGen.Generator.Model;

/// <summary>
/// A type whose layer properties get throwing bodies instead of generated code: a model with errors (or one
/// whose code could not be generated), or the class of a <c>[SparseLayer]</c> property outside any model. The
/// bodies implement the partial properties, so the SPG diagnostic is the only error the user sees.
/// </summary>
internal sealed record StubSpec
{
    public required TypeDeclaration Declaration { get; init; }

    /// <summary>The partial properties to implement.</summary>
    public required EquatableArray<PropertyStub> Properties { get; init; }

    /// <summary>The property a stub of a layer outside any model is for (one file each), or empty for a model.</summary>
    public string Member { get; init; } = string.Empty;
}

/// <summary>How a stubbed property is set, if at all.</summary>
internal enum SetterKind
{
    None,
    Set,
    Init,
}

/// <summary>Modifiers of a property that its other partial part must repeat.</summary>
[System.Flags]
internal enum MemberModifiers
{
    None = 0,
    New = 1,
    Virtual = 2,
    Override = 4,
    Sealed = 8,
    Required = 16,
}

/// <summary>
/// One partial property to implement with throwing accessors, matching its declared shape; or, for a property
/// the user implemented without declaring it, the declaration (so the compiler reports nothing of its own).
/// </summary>
internal sealed record PropertyStub
{
    /// <summary>The fully qualified name of <c>ISparseLayer</c>, the type of every valid layer property.</summary>
    public const string LayerTypeName = "global::SparseGen.ISparseLayer";

    public required string Name { get; init; }

    public required Accessibility Accessibility { get; init; }

    public bool IsStatic { get; init; }

    /// <summary>The property's type, fully qualified.</summary>
    public required string TypeName { get; init; }

    public SetterKind Setter { get; init; }

    public MemberModifiers Modifiers { get; init; }

    /// <summary>True to emit the defining declaration (<c>{ get; }</c>) instead of a throwing implementation.</summary>
    public bool IsDefinition { get; init; }
}
