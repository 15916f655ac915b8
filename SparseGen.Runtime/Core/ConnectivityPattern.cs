namespace SparseGen;

/// <summary>How the edges of a layer's topology are chosen (docs/patterns.md, "Patterns").</summary>
public enum ConnectivityPattern
{
    /// <summary>Every input feeds every output; only density 1. The fully connected network (FCN), the special case of USN at density 1 (Luo 2020, Fig. 1).</summary>
    Dense = 0,

    /// <summary>
    /// Uniform sparse network (USN, Luo 2020, section III; Dey et al.'s fixed fan-in and fan-out): <c>E = round(d * nin * nout)</c>
    /// edges, every fan-out within one of <c>E / nin</c>, every fan-in within one of <c>E / nout</c>, no duplicate edge.
    /// </summary>
    Uniform = 1,

    /// <summary>Erdős–Rényi (Bourely 2017, section 3.1.1; Luo's general sparse network; SET's start): exactly <c>E = round(d * nin * nout)</c> distinct pairs drawn uniformly, no degree control.</summary>
    ErdosRenyi = 2,

    /// <summary>Random d-regular expander (Bourely 2017, section 3.1.3): each input picks <c>k = round(d * nout)</c> distinct outputs uniformly; every fan-out is exactly <c>k</c>.</summary>
    RandomRegular = 3,

    /// <summary>Random rotating (Bourely 2017, section 3.1.2): one random 0/1 vector <c>v</c> of length <c>nout</c> with exactly <c>k</c> ones, <c>B[j, i] = v[(j - i) mod nout]</c>; every fan-out exactly <c>k</c>.</summary>
    RandomRotating = 4,

    /// <summary>Regular rotating (Bourely 2017, section 3.2.1): input <c>i</c> feeds outputs <c>i .. i + k - 1 (mod nout)</c>, a contiguous window; deterministic.</summary>
    RegularRotating = 5,

    /// <summary>Long-short rotating (Bourely 2017, section 3.2.2): <c>ceil(k/2)</c> leading ones plus <c>floor(k/2)</c> ones spread evenly over the rest, rotated; deterministic.</summary>
    LongShortRotating = 6,

    /// <summary>Fibonacci rotating (Bourely 2017, section 3.2.3): ones at index 0 and the Fibonacci numbers 1, 2, 3, 5, 8, ... (<c>k</c> positions, scaled into <c>nout</c> when they overflow), rotated; deterministic.</summary>
    FibonacciRotating = 7,
}
