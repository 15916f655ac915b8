using System;
using System.Collections.Generic;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit;

/// <summary>Opens the namespace and partial type declarations that a generated part lives in.</summary>
internal static class TypeScopes
{
    /// <summary>The attribute that marks generated members.</summary>
    public static readonly string GeneratedCode =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"SparseGen.Generator\", \"{typeof(TypeScopes).Assembly.GetName().Version}\")]";

    /// <summary>Writes the namespace, the containing types and the target type's partial header; disposing closes them.</summary>
    public static IDisposable Open(SourceWriter w, TypeDeclaration declaration, string baseList = "")
    {
        w.Line();
        var scopes = new Stack<IDisposable>();
        if (declaration.Namespace.Count > 0)
        {
            scopes.Push(w.Block("namespace " + string.Join(".", System.Linq.Enumerable.Select(declaration.Namespace, Identifiers.Escape))));
        }

        foreach (DeclaredType outer in declaration.ContainingTypes)
        {
            scopes.Push(w.Block(Header(outer)));
        }

        scopes.Push(w.Block(Header(declaration.Type) + baseList));
        return new Scopes(scopes);
    }

    private static string Header(DeclaredType type) =>
        $"partial {Keyword(type.Kind)} {Identifiers.Escape(type.Name)}{(type.TypeParameters.Count == 0 ? string.Empty : "<" + string.Join(", ", System.Linq.Enumerable.Select(type.TypeParameters, Identifiers.Escape)) + ">")}";

    private static string Keyword(DeclarationKind kind) => kind switch
    {
        DeclarationKind.Struct => "struct",
        DeclarationKind.Interface => "interface",
        DeclarationKind.Record => "record",
        DeclarationKind.RecordStruct => "record struct",
        _ => "class",
    };

    private sealed class Scopes(Stack<IDisposable> scopes) : IDisposable
    {
        public void Dispose()
        {
            while (scopes.Count > 0)
            {
                scopes.Pop().Dispose();
            }
        }
    }
}
