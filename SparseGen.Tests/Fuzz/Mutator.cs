using System.Text;

namespace SparseGen.Tests.Fuzz;

/// <summary>Seeded mutations of valid inputs: truncations, bit flips, byte and token edits, values at their limits.</summary>
internal sealed class Mutator(int seed)
{
    /// <summary>Integers at the limits of the fields readers parse.</summary>
    public static readonly long[] Limits = [0, 1, -1, 255, 256, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, int.MinValue, 0x7FFFFFC7, uint.MaxValue, long.MaxValue, long.MinValue];

    /// <summary>Text tokens that readers of numbers and names trip over.</summary>
    public static readonly string[] Tokens = ["", " ", "0", "-0", "-1", "NaN", "Infinity", "-Infinity", "1e39", "-1e39", "3.4028235e38", "1e-46", "1,5", "0x10", "+7",
        "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "\0", "\"", "\"\"", ",", "\r", "\n", "\uFFFD", "\u0663", "abc", new string('9', 400)];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>One random byte-level mutation of <paramref name="bytes"/>; edits favour the first <paramref name="headerLength"/> bytes.</summary>
    public byte[] Bytes(byte[] bytes, int headerLength)
    {
        byte[] b = (byte[])bytes.Clone();
        int At(int length) => _random.Next(2) == 0 ? _random.Next(Math.Max(1, Math.Min(headerLength, length))) : _random.Next(Math.Max(1, length));
        switch (_random.Next(7))
        {
            case 0:
                return b[..At(b.Length)];
            case 1:
                int flip = At(b.Length);
                b[flip] ^= (byte)(1 << _random.Next(8));
                return b;
            case 2:
                b[At(b.Length)] = (byte)_random.Next(256);
                return b;
            case 3:
                int offset = Math.Min(At(b.Length), b.Length - 4);
                long limit = Pick(Limits);
                bool bigEndian = _random.Next(2) == 0;
                for (int k = 0; k < 4; k++)
                {
                    b[offset + k] = (byte)(limit >> (8 * (bigEndian ? 3 - k : k)));
                }

                return b;
            case 4:
                int start = At(b.Length);
                return [.. b[..start], .. b[Math.Min(b.Length, start + 1 + _random.Next(16))..]];
            case 5:
                int insert = At(b.Length);
                var extra = new byte[1 + _random.Next(16)];
                _random.NextBytes(extra);
                return [.. b[..insert], .. extra, .. b[insert..]];
            default:
                int from = _random.Next(b.Length);
                return [.. b, .. b[from..Math.Min(b.Length, from + 64)]];
        }
    }

    /// <summary>One random text-level mutation of <paramref name="text"/>: a token replaced by a limit, a character edited, a line dropped or repeated, a cut.</summary>
    public string Text(string text)
    {
        string[] lines = text.Split('\n');
        int line = _random.Next(lines.Length);
        switch (_random.Next(6))
        {
            case 0:
                string[] tokens = lines[line].Split(' ', ',');
                if (tokens.Length > 0)
                {
                    string token = tokens[_random.Next(tokens.Length)];
                    if (token.Length > 0)
                    {
                        int at = lines[line].IndexOf(token, StringComparison.Ordinal);
                        lines[line] = lines[line][..at] + (_random.Next(2) == 0 ? Pick(Tokens) : Pick(Limits).ToString(System.Globalization.CultureInfo.InvariantCulture)) + lines[line][(at + token.Length)..];
                    }
                }

                return string.Join('\n', lines);
            case 1:
                int cut = _random.Next(text.Length + 1);
                return text[..cut];
            case 2:
                int delete = _random.Next(Math.Max(1, text.Length));
                return text.Length == 0 ? text : text.Remove(delete, 1);
            case 3:
                return text.Insert(_random.Next(text.Length + 1), Pick(Tokens));
            case 4:
                var list = lines.ToList();
                if (_random.Next(2) == 0)
                {
                    list.Insert(line, lines[line]);
                }
                else
                {
                    list.RemoveAt(line);
                }

                return string.Join('\n', list);
            default:
                var chars = text.ToCharArray();
                if (chars.Length > 0)
                {
                    chars[_random.Next(chars.Length)] = (char)_random.Next(1, 128);
                }

                return new string(chars);
        }
    }

    /// <summary>Bytes that are not text: random, or valid UTF-8 cut inside a character.</summary>
    public byte[] Garbage(string text)
    {
        if (_random.Next(2) == 0)
        {
            var bytes = new byte[_random.Next(1, 200)];
            _random.NextBytes(bytes);
            return bytes;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(text + "é€");
        return utf8[..^1];
    }
}
