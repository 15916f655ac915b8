using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace SparseGen.CommandLine;

/// <summary>How a value or a message is made fit for one line of an error report.</summary>
public static class ErrorText
{
    /// <summary><paramref name="message"/> on one line: its lines trimmed, blank ones dropped, joined by one space.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary><paramref name="value"/> with control characters written as escapes (<c>\n</c>, <c>\u0000</c>), to quote a value a user gave in a one-line message.</summary>
    public static string Printable(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            text.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
