using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit;

/// <summary>A file name a generated unit asks for, and who asks (a key unique to the type, or to the property of a stub).</summary>
internal sealed record HintClaim(string Name, string Owner);

/// <summary>
/// Hint names of generated files: <c>{Namespace}.{Types}.{Class}</c> for a model and <c>....{Layer}</c> for a layer.
/// Roslyn compares hint names ignoring case and rejects a repeated one, which legal C# can produce (two models or
/// layers whose names differ only in case; a model <c>A.B</c> with a layer <c>C</c> beside a class <c>A.B.C</c>);
/// so every unit claims its names, and the claims are resolved over the whole compilation: in each group of
/// names equal but for case, ordered by name and owner, the first keeps its name and the n-th gets <c>.n</c>
/// (never a claimed name: no identifier is a number).
/// </summary>
internal static class HintNames
{
    public static string Base(TypeDeclaration declaration) =>
        string.Join(".", declaration.Namespace.Concat(declaration.ContainingTypes.Select(t => t.Name)).Concat([declaration.Type.Name]).Select(Sanitize));

    /// <summary>A key that differs between any two distinct types: names with their arities.</summary>
    public static string Owner(TypeDeclaration declaration) =>
        string.Join(".", declaration.Namespace.Concat(declaration.ContainingTypes.Concat([declaration.Type]).Select(t => t.Name + "`" + t.TypeParameters.Count)));

    public static EquatableArray<HintClaim> Claims(ModelSpec model) => Claims(model.Declaration, model.Layers.Select(l => l.Name));

    public static EquatableArray<HintClaim> Claims(ModelDraft draft) => Claims(draft.Declaration, draft.Layers.Select(l => l.Name));

    private static EquatableArray<HintClaim> Claims(TypeDeclaration declaration, IEnumerable<string> layers)
    {
        string name = Base(declaration), owner = Owner(declaration);
        return new EquatableArray<HintClaim>(new[] { new HintClaim(name, owner) }
            .Concat(layers.Select(l => new HintClaim(name + "." + Sanitize(l), owner + ":" + l))));
    }

    public static EquatableArray<HintClaim> Claims(StubSpec stubs)
    {
        string owner = Owner(stubs.Declaration) + (stubs.Member.Length == 0 ? string.Empty : ":" + stubs.Member);
        return new EquatableArray<HintClaim>([new HintClaim(Base(stubs.Declaration) + (stubs.Member.Length == 0 ? string.Empty : "." + Sanitize(stubs.Member)), owner)]);
    }

    /// <summary>The hint name (with <c>.g.cs</c>) that <paramref name="claim"/> gets among every claim of the compilation.</summary>
    public static string Resolve(HintClaim claim, ImmutableArray<EquatableArray<HintClaim>> all)
    {
        var rivals = all.SelectMany(c => c)
            .Where(c => string.Equals(c.Name, claim.Name, StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Owner, StringComparer.Ordinal)
            .ToList();
        int rank = rivals.IndexOf(claim);
        return (rank <= 0 ? claim.Name : claim.Name + "." + (rank + 1)) + ".g.cs";
    }

    /// <summary>Letters, digits and underscores as they are; any other character (which an identifier may hold, a hint name not) as <c>_</c>.</summary>
    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return text.ToString();
    }
}
