using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace SparseGen.Core.Formats;

/// <summary>
/// The compact form in which the generator bakes a topology file's tables into generated code, and in which the
/// runtime reads them back when the kernel type loads: base64 text (RFC 4648, section 4; lines of
/// <see cref="LineLength"/> characters, whitespace ignored) of a byte stream, written as a UTF-8 literal.
/// </summary>
/// <remarks>
/// <para>Topology: for each unit in order, its fan-in, then the gaps between its inputs in ascending order (the first
/// input itself, then <c>input - previous - 1</c>), each an unsigned LEB128 varint (7 bits a byte, low bits first,
/// the high bit set on all but the last byte). A layer whose inputs are a few apart costs about one byte an edge,
/// 1.33 characters of source, against three <c>int</c> literals (up to 24 characters) for the tables it replaces.</para>
/// <para>Weights: the 32-bit IEEE floats, little-endian, in canonical edge order.</para>
/// </remarks>
internal static class TableEncoding
{
    /// <summary>Characters per line of encoded text.</summary>
    public const int LineLength = 120;

    /// <summary>Encodes the CSR tables of a topology (row offsets over units, ascending inputs within a unit).</summary>
    public static string EncodeTopology(int[] rowOffsets, int[] columns)
    {
        var bytes = new MemoryStream(columns.Length + rowOffsets.Length);
        for (int j = 0; j + 1 < rowOffsets.Length; j++)
        {
            Varint(bytes, (uint)(rowOffsets[j + 1] - rowOffsets[j]));
            int previous = -1;
            for (int e = rowOffsets[j]; e < rowOffsets[j + 1]; e++)
            {
                Varint(bytes, (uint)(columns[e] - previous - 1));
                previous = columns[e];
            }
        }

        return Lines(Convert.ToBase64String(bytes.GetBuffer(), 0, (int)bytes.Length));
    }

    /// <summary>Encodes weights, 32-bit little-endian floats.</summary>
    public static string EncodeFloats(float[] values)
    {
        LittleEndian();
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Lines(Convert.ToBase64String(bytes));
    }

    /// <summary>
    /// Decodes <see cref="EncodeTopology"/>'s text into <paramref name="rowOffsets"/> (length units + 1) and
    /// <paramref name="columns"/> (length edges), checking every value against the sizes.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not what <see cref="EncodeTopology"/> writes for these sizes.</exception>
    public static void DecodeTopology(ReadOnlySpan<byte> utf8Base64, int inputs, int[] rowOffsets, int[] columns)
    {
        byte[] bytes = Base64(utf8Base64);
        int at = 0, e = 0;
        for (int j = 0; j + 1 < rowOffsets.Length; j++)
        {
            uint fanIn = ReadVarint(bytes, ref at);
            if (fanIn > (uint)(columns.Length - e))
            {
                throw Corrupt($"unit {j} has fan-in {fanIn}, more than the {columns.Length - e} edges left");
            }

            rowOffsets[j] = e;
            long input = -1;
            for (int end = e + (int)fanIn; e < end; e++)
            {
                input += (long)ReadVarint(bytes, ref at) + 1;
                if (input >= inputs)
                {
                    throw Corrupt($"unit {j} reads input {input}, beyond the layer's {inputs}");
                }

                columns[e] = (int)input;
            }
        }

        rowOffsets[rowOffsets.Length - 1] = e;
        if (e != columns.Length || at != bytes.Length)
        {
            throw Corrupt($"the tables hold {e} edges in {at} of {bytes.Length} bytes, the layer has {columns.Length}");
        }
    }

    /// <summary>Decodes <see cref="EncodeFloats"/>'s text into <paramref name="values"/>.</summary>
    /// <exception cref="InvalidDataException">The text does not hold exactly <c>values.Length</c> floats.</exception>
    public static void DecodeFloats(ReadOnlySpan<byte> utf8Base64, Span<float> values)
    {
        byte[] bytes = Base64(utf8Base64);
        if (bytes.Length != values.Length * 4)
        {
            throw Corrupt($"the weights hold {bytes.Length} bytes, {values.Length} floats need {values.Length * 4}");
        }

        LittleEndian();
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
    }

    private static void LittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("SparseGen's encoded weights are little-endian floats, read and written on little-endian machines.");
        }
    }

    private static void Varint(MemoryStream bytes, uint value)
    {
        while (value >= 0x80)
        {
            bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.WriteByte((byte)value);
    }

    private static uint ReadVarint(byte[] bytes, ref int at)
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (at == bytes.Length)
            {
                throw Corrupt("the tables end inside a number");
            }

            byte b = bytes[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Corrupt("a number is longer than 5 bytes");
    }

    private static string Lines(string base64)
    {
        var text = new StringBuilder(base64.Length + (base64.Length / LineLength) + 1);
        for (int k = 0; k < base64.Length; k += LineLength)
        {
            text.Append(base64, k, Math.Min(LineLength, base64.Length - k)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Standard base64 with padding; spaces, tabs and line breaks are skipped.</summary>
    private static byte[] Base64(ReadOnlySpan<byte> text)
    {
        int symbols = 0, padding = 0;
        foreach (byte c in text)
        {
            if (c == '=')
            {
                padding++;
            }
            else if (!IsSpace(c))
            {
                if (padding > 0 || Sextet(c) < 0)
                {
                    throw Corrupt($"'{(char)c}' is not a base64 character here");
                }

                symbols++;
            }
        }

        if ((symbols + padding) % 4 != 0 || padding > 2)
        {
            throw Corrupt($"{symbols} base64 characters and {padding} '=' do not make whole groups of 4");
        }

        var bytes = new byte[(symbols * 6) / 8];
        int bits = 0, held = 0, next = 0;
        foreach (byte c in text)
        {
            if (c == '=' || IsSpace(c))
            {
                continue;
            }

            bits = (bits << 6) | Sextet(c);
            held += 6;
            if (held >= 8)
            {
                held -= 8;
                bytes[next++] = (byte)(bits >> held);
            }
        }

        return bytes;
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static int Sextet(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static InvalidDataException Corrupt(string what) => new($"SparseGen's encoded tables are corrupted: {what}.");
}
