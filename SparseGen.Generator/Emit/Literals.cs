using System.Globalization;
using System.Text;

namespace SparseGen.Generator.Emit;

/// <summary>C# literals written the same way on every machine (invariant culture, round-trip precision).</summary>
internal static class Literals
{
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Hex(ulong value) => HexText(value) + "UL";

    /// <summary>The value as 16 hex digits after <c>0x</c>, for comments and messages.</summary>
    public static string HexText(ulong value) => "0x" + value.ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>A string literal with quotes and backslashes escaped.</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>An <c>int</c> array initializer, 24 values a line, for a <c>ReadOnlySpan&lt;int&gt;</c> baked into the assembly's data.</summary>
    public static string IntArray(int[] values)
    {
        var text = new StringBuilder("new int[]\n{\n");
        for (int k = 0; k < values.Length; k++)
        {
            text.Append(k % 24 == 0 ? "    " : " ").Append(values[k].ToString(CultureInfo.InvariantCulture)).Append(',');
            if (k % 24 == 23 || k == values.Length - 1)
            {
                text.Append('\n');
            }
        }

        return text.Append('}').ToString();
    }
}
