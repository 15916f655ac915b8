using System;
using System.Text;

namespace SparseGen.Generator.Emit;

/// <summary>Writes C# source line by line with four-space indentation; multi-line text is re-indented line by line.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public SourceWriter Line(string line = "")
    {
        foreach (string part in line.Replace("\r\n", "\n").Split('\n'))
        {
            if (part.Length > 0)
            {
                _text.Append(' ', _depth * 4);
            }

            _text.Append(part).Append('\n');
        }

        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed, which writes <paramref name="close"/>.</summary>
    public IDisposable Block(string header, string close = "}")
    {
        Line(header).Line("{");
        _depth++;
        return new Scope(this, close);
    }

    /// <summary>Indents until the returned scope is disposed, without braces (the caller writes them).</summary>
    public IDisposable Indent()
    {
        _depth++;
        return new Scope(this, null);
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope(SourceWriter writer, string? close) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            if (close is not null)
            {
                writer.Line(close);
            }
        }
    }
}
