using System;
using System.ComponentModel;

namespace SparseGen.Core;

/// <summary>
/// The argument checks that the runtime and generated code share, so a wrong buffer is an exception naming the
/// expected and actual lengths, never a silent out-of-bounds read. Called by generated code; not part of the
/// everyday API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Checks
{
    /// <summary>Throws when <paramref name="actual"/> is not <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ; the message names <paramref name="name"/> and both lengths.</exception>
    public static void Length(string name, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has length {actual}; expected {expected}.", name);
        }
    }

    /// <summary>Throws when <paramref name="batch"/> is below 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    public static void Batch(int batch)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must be at least 1.");
        }
    }
}
