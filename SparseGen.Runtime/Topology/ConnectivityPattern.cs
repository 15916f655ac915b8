namespace SparseGen;

/// <summary>How the edges of a layer's topology are chosen (PATTERNS.md, "Patterns").</summary>
public enum ConnectivityPattern
{
    /// <summary>Every input feeds every output; only density 1. The fully connected network (FCN), the special case of USN at density 1 (Luo 2020, Fig. 1).</summary>
    Dense = 0,

    /// <summary>
    /// Uniform sparse network (USN, Luo 2020, section III; Dey et al.'s fixed fan-in and fan-out): <c>E = round(d * nin * nout)</c>
    /// edges, every fan-out within one of <c>E / nin</c>, every fan-in within one of <c>E / nout</c>, no duplicate edge.
    /// </summary>
    Uniform = 1,
}
