using SparseGen.Generator.Model;

namespace SparseGen.Generator.Plan;

/// <summary>
/// Everything the emitters need about one layer, computed once from its topology: the C# kernel emitter and the
/// ILGPU emitter both read it. Tables are present only where they are baked: CSR tables for Unrolled's
/// statements, a topology file's encoded tables. A seeded
/// layer's Table kernel bakes none: the runtime rebuilds them (<c>LayerTables.Rebuild</c>).
/// </summary>
internal sealed record LayerPlan
{
    public required LayerModel Layer { get; init; }

    public required int EdgeCount { get; init; }

    /// <summary>The topology's FNV-1a 64 fingerprint.</summary>
    public required ulong Fingerprint { get; init; }

    public required DegreeRange Degrees { get; init; }

    /// <summary>CSR tables in canonical order: Unrolled.</summary>
    public CsrTables? Csr { get; init; }

    /// <summary>The transposed (per-input) tables: Unrolled.</summary>
    public TransposedTables? Transposed { get; init; }

    /// <summary>A topology file's tables in <c>TableEncoding</c>'s text, for the strategies that read tables (Table, Unrolled).</summary>
    public string? EncodedTopology { get; init; }

    /// <summary>A topology file's values (the initial weights, canonical order) in <c>TableEncoding</c>'s text, or null.</summary>
    public string? EncodedWeights { get; init; }

    /// <summary>The degree and shifts of a rotating layer: IndexFree.</summary>
    public RotationPlan? Rotation { get; init; }
}

/// <summary>A topology's fan-in and fan-out ranges.</summary>
internal readonly record struct DegreeRange(int FanInMin, int FanInMax, int FanOutMin, int FanOutMax)
{
    public override string ToString() => $"fan-in {FanInMin}..{FanInMax}, fan-out {FanOutMin}..{FanOutMax}";
}

/// <summary>CSR over outputs: the edges of output j are <c>RowOffsets[j] .. RowOffsets[j + 1] - 1</c>, from inputs <c>Columns[e]</c>.</summary>
internal sealed record CsrTables(EquatableArray<int> RowOffsets, EquatableArray<int> Columns);

/// <summary>The transposed view: the edges of input i are <c>Offsets[i] .. Offsets[i + 1] - 1</c>, to <c>Outputs[t]</c> through weight <c>Edges[t]</c>.</summary>
internal sealed record TransposedTables(EquatableArray<int> Offsets, EquatableArray<int> Outputs, EquatableArray<int> Edges);

/// <summary>A rotating layer: degree k and the shifts p_t; input i feeds output <c>(p_t + i) mod nout</c>.</summary>
internal sealed record RotationPlan(int Degree, EquatableArray<int> Shifts);

/// <summary>A model plan and the hint names of its files (the model's, then one per layer), resolved over the compilation.</summary>
internal sealed record NamedPlan(ModelPlan Plan, EquatableArray<string> HintNames);

/// <summary>A model and its layers' plans, or the reason its code cannot be generated.</summary>
internal sealed record ModelPlan
{
    public required ModelSpec Model { get; init; }

    public EquatableArray<LayerPlan> Layers { get; init; }

    /// <summary>Set when planning failed unexpectedly: only stubs are emitted, with an SPG0099 diagnostic.</summary>
    public string? Failure { get; init; }
}
