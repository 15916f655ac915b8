using System.Globalization;
using System.Text;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit;

/// <summary>Literals written the same way on every machine (invariant culture, round-trip precision), in C# and in device C.</summary>
internal static class Literals
{
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Hex(ulong value) => HexText(value) + "UL";

    /// <summary>The value as 16 hex digits after <c>0x</c>, for comments and messages.</summary>
    public static string HexText(ulong value) => "0x" + value.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>Text for a <c>//</c> comment: every character C# reads as a line break, and other control characters, as a space.</summary>
    public static string Comment(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            result.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return result.ToString();
    }

    /// <summary>Text for an XML documentation comment: as <see cref="Comment"/>, with <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> escaped.</summary>
    public static string XmlComment(string text) => Comment(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A string literal with quotes and backslashes escaped.</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>
    /// The C# expression that builds a layer's <c>LayerTables</c> at run time (in a kernel class, whose constants
    /// give the sizes and fingerprint): rebuilt by the same shared code the generator ran for a seeded pattern,
    /// decoded from <c>EncodedTopology</c> for a topology file.
    /// </summary>
    public static string TablesCreation(LayerModel layer)
    {
        ConnectivitySpec c = layer.Connectivity;
        return layer.File is null
            ? $"global::SparseGen.Kernels.LayerTables.Rebuild({String(layer.Name)}, global::SparseGen.ConnectivityPattern.{c.Pattern}, InputCount, UnitCount, {Double(c.Density)}, {c.Seed.ToString(CultureInfo.InvariantCulture)}UL, TopologyFingerprint)"
            : $"global::SparseGen.Kernels.LayerTables.Decode({String(layer.Name)}, EncodedTopology, InputCount, UnitCount, Edges, TopologyFingerprint)";
    }

    /// <summary>A UTF-8 raw string literal (<c>""" ... """u8</c>) of text that holds no quote, its lines as they are.</summary>
    public static string Utf8Block(string text) => "\"\"\"\n" + text.TrimEnd('\n') + "\n\"\"\"u8";

    /// <summary>A C# <c>int</c> array creation, <c>new int[] { ... }</c>, its values as <see cref="AppendIntRows"/> writes them.</summary>
    public static string IntArray(EquatableArray<int> values) =>
        AppendIntRows(new StringBuilder("new int[]\n{\n"), values).Append('}').ToString();

    /// <summary>
    /// The one writer of integer tables, for C# initializers and device C arrays alike: the values 24 a line,
    /// each line indented by four spaces, every value followed by a comma, every line by a newline.
    /// </summary>
    public static StringBuilder AppendIntRows(StringBuilder text, EquatableArray<int> values)
    {
        for (int k = 0; k < values.Count; k++)
        {
            text.Append(k % 24 == 0 ? "    " : " ").Append(values[k].ToString(CultureInfo.InvariantCulture)).Append(',');
            if (k % 24 == 23 || k == values.Count - 1)
            {
                text.Append('\n');
            }
        }

        return text;
    }
}
