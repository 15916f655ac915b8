using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SparseGen.IO.Svg;

/// <summary>
/// An SVG picture written element by element on a white background: the one writer of the runtime's and the
/// <c>sparsegen</c> tool's pictures. Coordinates and sizes are in pixels, from the top-left corner, written with
/// the invariant culture and at most three decimals; every text passes through <see cref="Escape"/>.
/// </summary>
internal sealed class SvgDocument
{
    private readonly StringBuilder _svg = new();

    /// <summary>Starts a picture of <paramref name="width"/> x <paramref name="height"/> pixels, its text in sans-serif.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not above 0 or not finite.</exception>
    public SvgDocument(double width, double height)
    {
        if (!(width > 0 && double.IsFinite(width)) || !(height > 0 && double.IsFinite(height)))
        {
            throw new ArgumentOutOfRangeException(width > 0 && double.IsFinite(width) ? nameof(height) : nameof(width), $"A picture needs a finite size above 0 (got {width} x {height}).");
        }

        _svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" width="{N(width)}" height="{N(height)}" viewBox="0 0 {N(width)} {N(height)}" font-family="sans-serif">""").Append('\n');
        _svg.Append("""<rect width="100%" height="100%" fill="white"/>""").Append('\n');
    }

    /// <summary>
    /// <paramref name="text"/> as XML character data and attribute text: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> and
    /// <c>"</c> as entities, and each control character that XML 1.0 forbids (below U+0020 except tab, line feed and
    /// carriage return) as U+FFFD, so that any title still gives a well-formed file.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                < ' ' and not ('\t' or '\n' or '\r') => "\uFFFD",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>A text whose baseline starts, centres or ends (<paramref name="anchor"/>) at (<paramref name="x"/>, <paramref name="y"/>), turned by <paramref name="degrees"/> about that point (clockwise).</summary>
    public void Text(double x, double y, string text, double size, TextAnchor anchor = TextAnchor.Start, double degrees = 0)
    {
        string position = degrees == 0 ? $"x=\"{N(x)}\" y=\"{N(y)}\"" : $"transform=\"translate({N(x)} {N(y)}) rotate({N(degrees)})\"";
        string align = anchor switch { TextAnchor.Middle => " text-anchor=\"middle\"", TextAnchor.End => " text-anchor=\"end\"", _ => "" };
        Element($"""<text {position} font-size="{N(size)}"{align}>{Escape(text)}</text>""");
    }

    /// <summary>A straight line from (<paramref name="x1"/>, <paramref name="y1"/>) to (<paramref name="x2"/>, <paramref name="y2"/>).</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dashes = null) =>
        Element($"""<line x1="{N(x1)}" y1="{N(y1)}" x2="{N(x2)}" y2="{N(y2)}"{Stroke(stroke, strokeWidth, dashes)}/>""");

    /// <summary>A rectangle with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>); no fill attribute when <paramref name="fill"/> is null (the enclosing group's fill applies).</summary>
    public void Rect(double x, double y, double width, double height, string? fill, string? stroke = null, double strokeWidth = 1) =>
        Element($"""<rect x="{N(x)}" y="{N(y)}" width="{N(width)}" height="{N(height)}"{(fill is null ? "" : $" fill=\"{fill}\"")}{Stroke(stroke, strokeWidth, null)}/>""");

    /// <summary>A filled circle of radius <paramref name="radius"/> centred on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public void Circle(double x, double y, double radius, string fill) =>
        Element($"""<circle cx="{N(x)}" cy="{N(y)}" r="{N(radius)}" fill="{fill}"/>""");

    /// <summary>An open line through <paramref name="points"/> in order; nothing for fewer than two points.</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, string stroke, double strokeWidth = 1, string? dashes = null)
    {
        if (points.Count > 1)
        {
            Element($"""<polyline fill="none"{Stroke(stroke, strokeWidth, dashes)} points="{Points(points)}"/>""");
        }
    }

    /// <summary>A closed, filled shape through <paramref name="corners"/>.</summary>
    public void Polygon(IReadOnlyList<(double X, double Y)> corners, string fill) =>
        Element($"""<polygon points="{Points(corners)}" fill="{fill}"/>""");

    /// <summary>One path of open strokes, each through its own points (an error bar: its stem and two caps).</summary>
    public void Strokes(IEnumerable<IReadOnlyList<(double X, double Y)>> strokes, string stroke, double strokeWidth = 1)
    {
        string data = string.Concat(strokes.Select(s => "M" + string.Join("L", s.Select(p => $"{N(p.X)},{N(p.Y)}"))));
        Element($"""<path d="{data}" fill="none"{Stroke(stroke, strokeWidth, null)}/>""");
    }

    /// <summary>
    /// A left-to-right gradient named <paramref name="id"/> through <paramref name="colours"/> at even steps, for a
    /// later <c>fill="url(#id)"</c>.
    /// </summary>
    /// <exception cref="ArgumentException">There are fewer than two colours.</exception>
    public void Gradient(string id, IReadOnlyList<string> colours)
    {
        if (colours.Count < 2)
        {
            throw new ArgumentException($"A gradient needs at least two colours (got {colours.Count}).", nameof(colours));
        }

        string stops = string.Concat(colours.Select((c, k) => $"""<stop offset="{N(k / (double)(colours.Count - 1))}" stop-color="{c}"/>"""));
        Element($"""<defs><linearGradient id="{id}">{stops}</linearGradient></defs>""");
    }

    /// <summary>Opens a group whose attributes (such as <c>fill="#1f3b73"</c>) its elements inherit; close it with <see cref="EndGroup"/>.</summary>
    public void BeginGroup(string attributes) => Element($"<g {attributes}>");

    /// <summary>Closes the group of the last <see cref="BeginGroup"/>.</summary>
    public void EndGroup() => Element("</g>");

    /// <summary>The picture's text, closed.</summary>
    public override string ToString() => _svg + "</svg>\n";

    private void Element(string element) => _svg.Append(element).Append('\n');

    private static string Stroke(string? colour, double width, string? dashes) =>
        colour is null ? "" : $" stroke=\"{colour}\"{(width == 1 ? "" : $" stroke-width=\"{N(width)}\"")}{(dashes is null ? "" : $" stroke-dasharray=\"{dashes}\"")}";

    private static string Points(IEnumerable<(double X, double Y)> points) => string.Join(' ', points.Select(p => $"{N(p.X)},{N(p.Y)}"));

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
