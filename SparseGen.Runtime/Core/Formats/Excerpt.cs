namespace SparseGen.Core.Formats;

/// <summary>
/// How a message quotes text it did not write (a token of a file, a file name, a line): at most
/// <see cref="MaxLength"/> characters, the rest replaced by an ellipsis and the text's length, so that a 20 MB token
/// costs a diagnostic or an exception message a few dozen characters.
/// </summary>
internal static class Excerpt
{
    /// <summary>The most characters of a quoted text that a message repeats.</summary>
    public const int MaxLength = 60;

    /// <summary><paramref name="text"/> whole when it has at most <see cref="MaxLength"/> characters, else its start, "…" and its length.</summary>
    public static string Of(string? text)
    {
        if (text is null || text.Length <= MaxLength)
        {
            return text ?? string.Empty;
        }

        int keep = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return text.Substring(0, keep) + "… (" + text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)";
    }
}
