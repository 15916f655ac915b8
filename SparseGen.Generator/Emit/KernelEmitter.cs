using SparseGen.Generator.Emit.Strategies;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits the C# members of one layer's <c>ILayerKernel</c> class from its plan: the topology's facts as
/// constants, and forward and backward code specialised by the layer's <see cref="CodegenStrategy"/>.
/// </summary>
internal static class KernelEmitter
{
    /// <summary>The forward signature every strategy implements.</summary>
    public const string ForwardSignature = "public void Forward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> bias, global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batch)";

    /// <summary>The backward signature every strategy implements.</summary>
    public const string BackwardSignature = "public void Backward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> weightGradient, global::System.Span<float> biasGradient, global::System.Span<float> inputGradient, int batch)";

    /// <summary>The weight-edge signature every strategy implements.</summary>
    public const string WeightEdgesSignature = "public void GetWeightEdges(global::System.Span<int> inputs, global::System.Span<int> outputs)";

    public const string Tensors = "global::System.Numerics.Tensors.TensorPrimitives";

    public static string Describe(CodegenStrategy strategy) => strategy switch
    {
        CodegenStrategy.Table => "Table (CSR tables built once at run time, constant loop bounds)",
        CodegenStrategy.IndexFree => "IndexFree (arithmetic indices, contiguous windows, SIMD, no index table)",
        CodegenStrategy.Unrolled => "Unrolled (straight-line code, constant indices)",
        _ => "Dense (row-major weights, index-free)",
    };

    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        LayerModel layer = plan.Layer;
        DegreeRange d = plan.Degrees;
        w.Line($$"""
            /// <summary>Number of inputs.</summary>
            public const int InputCount = {{layer.Inputs}};

            /// <summary>Number of units (outputs).</summary>
            public const int UnitCount = {{layer.Units}};

            /// <summary>Number of edges (weights).</summary>
            public const int Edges = {{plan.EdgeCount}};

            /// <summary>FNV-1a 64 fingerprint of the canonical edge list.</summary>
            public const ulong TopologyFingerprint = {{Literals.Hex(plan.Fingerprint)}};

            /// <summary>Smallest fan-in of an output.</summary>
            public const int FanInMin = {{d.FanInMin}};

            /// <summary>Largest fan-in of an output.</summary>
            public const int FanInMax = {{d.FanInMax}};

            /// <summary>Smallest fan-out of an input.</summary>
            public const int FanOutMin = {{d.FanOutMin}};

            /// <summary>Largest fan-out of an input.</summary>
            public const int FanOutMax = {{d.FanOutMax}};

            /// <inheritdoc />
            public int Inputs => InputCount;

            /// <inheritdoc />
            public int Units => UnitCount;

            /// <inheritdoc />
            public int EdgeCount => Edges;

            /// <inheritdoc />
            public ulong Fingerprint => TopologyFingerprint;

            /// <inheritdoc />
            public global::SparseGen.CodegenStrategy? Strategy => global::SparseGen.CodegenStrategy.{{layer.Strategy}};

            """);
        switch (layer.Strategy)
        {
            case CodegenStrategy.Table:
                TableStrategy.Emit(w, plan);
                break;
            case CodegenStrategy.IndexFree:
                IndexFreeStrategy.Emit(w, plan);
                break;
            case CodegenStrategy.Unrolled:
                UnrolledStrategy.Emit(w, plan);
                break;
            default:
                DenseStrategy.Emit(w, plan);
                break;
        }

        InitialWeights(w, plan);
    }

    /// <summary>
    /// A static readonly table: its values are stored in the assembly's data section and copied once into the
    /// array when the type initialises. (A <c>ReadOnlySpan&lt;int&gt;</c> property over <c>new int[]</c> avoids
    /// the copy only in optimised builds; in Debug it allocates on every access.)
    /// </summary>
    public static void Table(SourceWriter w, string name, string summary, EquatableArray<int> values)
    {
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"private static readonly int[] {name} = {Literals.IntArray(values)};");
    }

    /// <summary>GetWeightEdges for kernels whose weights are in canonical order, from the layer's <see cref="TopologyTables"/>.</summary>
    public static void CanonicalWeightEdges(SourceWriter w) => w.Line($$"""
        /// <inheritdoc />
        {{WeightEdgesSignature}} =>
            TopologyTables.Value.Topology.CopyEdges(inputs, outputs);

        """);

    /// <summary>
    /// The layer's <c>LayerTables</c>, built when first used and checked against its fingerprint: rebuilt from the
    /// seeded pattern by the topology code the generator ran, or decoded from a topology file's tables, baked here
    /// in <c>TableEncoding</c>'s compact text (docs/learned-topologies.md, "Compile-time cost").
    /// </summary>
    public static void TopologyTables(SourceWriter w, LayerPlan plan)
    {
        LayerModel layer = plan.Layer;
        string how = layer.File is null
            ? "rebuilt by the topology code the generator ran (nothing per edge is baked into the assembly)"
            : "decoded from <see cref=\"EncodedTopology\"/>";
        w.Line($$"""

            /// <summary>This layer's tables, {{how}} once, when first used, and checked against <see cref="TopologyFingerprint"/>.</summary>
            private static class TopologyTables
            {
                public static readonly global::SparseGen.Kernels.LayerTables Value = {{Literals.TablesCreation(layer)}};
            }
            """);
        if (plan.EncodedTopology is { } encoded)
        {
            w.Line($$"""

                /// <summary>The topology file's tables: for each unit its fan-in, then the gaps between its ascending inputs, as LEB128 varints, in base64 (TableEncoding).</summary>
                private static global::System.ReadOnlySpan<byte> EncodedTopology => {{Literals.Utf8Block(encoded)}};
                """);
        }
    }

    /// <summary>A topology file's values: the layer's initial weights, set by the model when it is created.</summary>
    public static void InitialWeights(SourceWriter w, LayerPlan plan)
    {
        if (plan.EncodedWeights is { } encoded)
        {
            w.Line($$"""

                /// <summary>The topology file's values, the layer's initial weights in canonical edge order: 32-bit little-endian floats in base64 (TableEncoding).</summary>
                public static global::System.ReadOnlySpan<byte> InitialWeights => {{Literals.Utf8Block(encoded)}};
                """);
        }
    }
}
