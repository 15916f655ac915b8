using Microsoft.CodeAnalysis.CSharp;

namespace SparseGen.Generator.Emit;

/// <summary>Names as they must be written in emitted C#: keywords and contextual keywords get an <c>@</c>.</summary>
internal static class Identifiers
{
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
