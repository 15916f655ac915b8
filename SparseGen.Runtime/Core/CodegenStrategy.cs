namespace SparseGen;

/// <summary>How the generator specialises a layer's forward and backward code to its topology.</summary>
public enum CodegenStrategy
{
    /// <summary>The generator chooses: <see cref="Dense"/> when every edge is present, <see cref="IndexFree"/> for rotating patterns of up to 4,096 edges (and topology files whose edges are one), <see cref="Table"/> otherwise (<see cref="Unrolled"/> only when asked for).</summary>
    Auto = 0,

    /// <summary>
    /// Loops with constant bounds over CSR index tables, with the transposed tables for the backward pass, built once
    /// when the kernel type loads: rebuilt from a seeded pattern, or decoded from a topology file's compact tables
    /// baked into the assembly (docs/learned-topologies.md). Any topology.
    /// </summary>
    Table = 1,

    /// <summary>
    /// Rotating patterns only: indices are arithmetic (input <c>i</c> feeds output <c>(p_t + i) mod nout</c> for the
    /// <c>k</c> shifts <c>p_t</c>), so each shift is a few contiguous windows processed with SIMD and no index table.
    /// Weights are stored shift-major: the weight of input <c>i</c> at shift <c>t</c> is <c>w[t * nin + i]</c>.
    /// </summary>
    IndexFree = 2,

    /// <summary>Straight-line code with every index a constant, for layers of at most 4096 edges. Measured slower than <see cref="Table"/> at every size (README, "Code generation"); kept for comparison.</summary>
    Unrolled = 3,

    /// <summary>Every edge present (density 1): a row-major weight matrix, dense dot products and AXPYs.</summary>
    Dense = 4,
}
