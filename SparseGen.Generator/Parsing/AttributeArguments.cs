using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SparseGen.Generator.Parsing;

/// <summary>Values and source locations of attribute arguments.</summary>
internal static class AttributeArguments
{
    /// <summary>The value of the named argument <c>name = value</c>, or null when it is absent.</summary>
    public static object? Named(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value.Value;
            }
        }

        return null;
    }

    public static int? NamedInt(AttributeData attribute, string name) =>
        Named(attribute, name) is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : null;

    public static double? NamedDouble(AttributeData attribute, string name) =>
        Named(attribute, name) is { } value ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;

    /// <summary>The syntax of the named argument <c>name = value</c>, or null.</summary>
    public static AttributeArgumentSyntax? NamedSyntax(AttributeData attribute, string name, CancellationToken cancellationToken) =>
        Syntax(attribute, cancellationToken)?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    /// <summary>
    /// The syntax of the constructor argument for parameter <paramref name="parameter"/>, written by position or
    /// by name (<c>seed: 1</c>) in any order, or null.
    /// </summary>
    public static AttributeArgumentSyntax? ConstructorSyntax(AttributeData attribute, int parameter, CancellationToken cancellationToken)
    {
        if (attribute.AttributeConstructor is not { } constructor || parameter < 0 || parameter >= constructor.Parameters.Length
            || Syntax(attribute, cancellationToken)?.ArgumentList is not { } list)
        {
            return null;
        }

        string name = constructor.Parameters[parameter].Name;
        var arguments = list.Arguments.Where(a => a.NameEquals is null).ToArray();
        return arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == name)
            ?? (parameter < arguments.Length && arguments[parameter].NameColon is null ? arguments[parameter] : null);
    }

    /// <summary>The location of the named argument, else of the attribute.</summary>
    public static Location? NamedLocation(AttributeData attribute, string name, CancellationToken cancellationToken) =>
        ((SyntaxNode?)NamedSyntax(attribute, name, cancellationToken) ?? Syntax(attribute, cancellationToken))?.GetLocation();

    /// <summary>The location of the constructor argument for <paramref name="parameter"/>, else of the attribute.</summary>
    public static Location? ConstructorLocation(AttributeData attribute, int parameter, CancellationToken cancellationToken) =>
        ((SyntaxNode?)ConstructorSyntax(attribute, parameter, cancellationToken) ?? Syntax(attribute, cancellationToken))?.GetLocation();

    private static AttributeSyntax? Syntax(AttributeData attribute, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
}
