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
    public static int? NamedInt(AttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is not null)
            {
                return Convert.ToInt32(argument.Value.Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The location of a named argument, else of the positional argument at <paramref name="position"/>, else of the attribute.</summary>
    public static Location? Location(AttributeData attribute, string? named, CancellationToken cancellationToken, int position = -1)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return null;
        }

        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = syntax.ArgumentList?.Arguments ?? default;
        AttributeArgumentSyntax? argument = named is not null
            ? arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named)
            : position >= 0 && position < arguments.Count && arguments[position].NameEquals is null ? arguments[position] : null;
        return (argument ?? (SyntaxNode)syntax).GetLocation();
    }
}
