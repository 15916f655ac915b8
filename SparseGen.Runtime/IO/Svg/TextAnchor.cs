namespace SparseGen.IO.Svg;

/// <summary>Where a <see cref="SvgDocument.Text"/> stands against its point.</summary>
internal enum TextAnchor
{
    /// <summary>The text starts at the point.</summary>
    Start,

    /// <summary>The text is centred on the point.</summary>
    Middle,

    /// <summary>The text ends at the point.</summary>
    End,
}
