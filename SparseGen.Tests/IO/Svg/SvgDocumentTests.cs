using System.Globalization;
using System.Xml.Linq;
using SparseGen.IO.Svg;

namespace SparseGen.Tests.IO.Svg;

/// <summary>The one SVG writer: every picture's text is escaped and its numbers invariant here.</summary>
public sealed class SvgDocumentTests
{
    [Fact]
    public void Escape_makes_markup_quotes_and_forbidden_control_characters_safe()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; \uFFFD\t\n", SvgDocument.Escape("a <b> & \"c\" \u0001\t\n"));
        Assert.Equal("accuracy (%) ± std, Ω → 1", SvgDocument.Escape("accuracy (%) ± std, Ω → 1"));
    }

    [Fact]
    public void Any_title_gives_well_formed_xml_whose_text_reads_back()
    {
        var svg = new SvgDocument(100, 50);
        svg.Text(10, 20, "</text><script>alert(\"x\")</script> &amp;", 12);
        svg.Text(10, 40, "bell \a here", 12, TextAnchor.Middle, degrees: -90);

        XElement[] texts = XDocument.Parse(svg.ToString()).Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).ToArray();
        Assert.Equal(["</text><script>alert(\"x\")</script> &amp;", "bell \uFFFD here"], texts.Select(t => t.Value));
        Assert.Equal("translate(10 40) rotate(-90)", texts[1].Attribute("transform")!.Value);
        Assert.Equal("middle", texts[1].Attribute("text-anchor")!.Value);
    }

    [Fact]
    public void Numbers_are_invariant_whatever_the_culture()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var svg = new SvgDocument(100.5, 50);
            svg.Line(0.25, 1.5, 2.123456, 3, "#000", 1.5, "6 4");
            string text = svg.ToString();
            Assert.Contains("""<line x1="0.25" y1="1.5" x2="2.123" y2="3" stroke="#000" stroke-width="1.5" stroke-dasharray="6 4"/>""", text);
            Assert.Contains("""width="100.5" height="50" viewBox="0 0 100.5 50" """, text);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_picture_needs_a_size_and_a_gradient_two_colours()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgDocument(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgDocument(10, double.NaN));
        Assert.Throws<ArgumentException>(() => new SvgDocument(10, 10).Gradient("g", ["#fff"]));
    }
}
