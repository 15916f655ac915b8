using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SparseGen.Generator.Model;

/// <summary>A diagnostic as equatable values, turned into a <see cref="Diagnostic"/> only when reported.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        location ??= Location.None;
        FileLinePositionSpan lines = location.GetLineSpan();
        return new DiagnosticInfo(descriptor, lines.Path ?? string.Empty, location.SourceSpan, lines.Span, new EquatableArray<string>(arguments));
    }

    /// <summary>A diagnostic at a place recorded earlier.</summary>
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSite site, params string[] arguments) =>
        new(descriptor, site.FilePath, site.Span, site.LineSpan, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        Location location = new SourceSite(FilePath, Span, LineSpan).ToLocation();
        object[] arguments = new object[Arguments.Count];
        for (int k = 0; k < arguments.Length; k++)
        {
            arguments[k] = Arguments[k];
        }

        return Diagnostic.Create(Descriptor, location, arguments);
    }
}
