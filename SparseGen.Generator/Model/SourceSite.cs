using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SparseGen.Generator.Model;

/// <summary>A place in a file as equatable values, where a diagnostic found after parsing is reported.</summary>
internal sealed record SourceSite(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static readonly SourceSite None = new(string.Empty, default, default);

    public static SourceSite Of(Location? location)
    {
        if (location is null)
        {
            return None;
        }

        FileLinePositionSpan lines = location.GetLineSpan();
        return new SourceSite(lines.Path ?? string.Empty, location.SourceSpan, lines.Span);
    }

    /// <summary>Line <paramref name="line"/> (1-based) of a text that is not C#, such as a topology file.</summary>
    public static SourceSite Line(string path, SourceText text, int line)
    {
        if (line < 1 || line > text.Lines.Count)
        {
            return new SourceSite(path, default, default);
        }

        TextLine textLine = text.Lines[line - 1];
        return new SourceSite(path, textLine.Span, text.Lines.GetLinePositionSpan(textLine.Span));
    }

    public Location ToLocation() => FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
}
