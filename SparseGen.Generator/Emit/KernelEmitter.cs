using System.Linq;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits one layer's <c>ILayerKernel</c>: forward and backward loops with the layer's sizes as constants.
/// Seeded patterns read CSR tables (and their transpose for <c>dx</c>) baked into the assembly as
/// <c>ReadOnlySpan&lt;int&gt;</c> data; the dense pattern needs no table, its indices are arithmetic.
/// </summary>
internal static class KernelEmitter
{
    public static string KernelName(LayerModel layer) => layer.Name + "Kernel";

    public static void Emit(SourceWriter w, LayerModel layer, Topology topology, string generatedCode)
    {
        bool dense = layer.Pattern == ConnectivityPattern.Dense;
        string nin = Literals.Int(layer.Inputs), nout = Literals.Int(layer.Units);
        var degrees = Degrees(topology);
        w.Line($"/// <summary>Kernel of layer {layer.Name}, specialised to its topology ({layer.Pattern}, {layer.Inputs} x {layer.Units}, {topology.EdgeCount} edges), with the topology's facts as constants.</summary>");
        w.Line(generatedCode);
        using (w.Block($"public sealed class {KernelName(layer)} : global::SparseGen.ILayerKernel"))
        {
            w.Line($$"""
                /// <summary>Number of inputs.</summary>
                public const int InputCount = {{nin}};

                /// <summary>Number of outputs.</summary>
                public const int OutputCount = {{nout}};

                /// <summary>Number of edges (weights).</summary>
                public const int Edges = {{Literals.Int(topology.EdgeCount)}};

                /// <summary>FNV-1a 64 fingerprint of the canonical edge list.</summary>
                public const ulong TopologyFingerprint = {{Literals.Hex(topology.Fingerprint)}};

                /// <summary>Smallest fan-in of an output.</summary>
                public const int FanInMin = {{degrees.FanInMin}};

                /// <summary>Largest fan-in of an output.</summary>
                public const int FanInMax = {{degrees.FanInMax}};

                /// <summary>Smallest fan-out of an input.</summary>
                public const int FanOutMin = {{degrees.FanOutMin}};

                /// <summary>Largest fan-out of an input.</summary>
                public const int FanOutMax = {{degrees.FanOutMax}};

                /// <inheritdoc />
                public int Inputs => InputCount;

                /// <inheritdoc />
                public int Outputs => OutputCount;

                /// <inheritdoc />
                public int EdgeCount => Edges;

                /// <inheritdoc />
                public ulong Fingerprint => TopologyFingerprint;

                """);
            if (dense)
            {
                EmitDense(w, nin, nout);
            }
            else
            {
                EmitTable(w, topology, nin, nout);
            }
        }
    }

    private static void EmitDense(SourceWriter w, string nin, string nout)
    {
        w.Line($$"""
            /// <inheritdoc />
            public void Forward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> bias, global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batch)
            {
                global::SparseGen.KernelChecks.Forward(this, weights, bias, input, output, batch);
                if (batch == 1)
                {
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        output[j] = bias[j] + global::System.Numerics.Tensors.TensorPrimitives.Dot(weights.Slice(j * {{nin}}, {{nin}}), input);
                    }

                    return;
                }

                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.Span<float> z = output.Slice(j * batch, batch);
                    z.Fill(bias[j]);
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(input.Slice(i * batch, batch), weights[(j * {{nin}}) + i], z, z);
                    }
                }
            }

            /// <inheritdoc />
            public void Backward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> weightGradient, global::System.Span<float> biasGradient, global::System.Span<float> inputGradient, int batch)
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = global::System.Numerics.Tensors.TensorPrimitives.Sum(dz);
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        weightGradient[(j * {{nin}}) + i] = global::System.Numerics.Tensors.TensorPrimitives.Dot(dz, input.Slice(i * batch, batch));
                    }
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                for (int i = 0; i < {{nin}}; i++)
                {
                    global::System.Span<float> dx = inputGradient.Slice(i * batch, batch);
                    dx.Clear();
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(outputGradient.Slice(j * batch, batch), weights[(j * {{nin}}) + i], dx, dx);
                    }
                }
            }
            """);
    }

    private static void EmitTable(SourceWriter w, Topology topology, string nin, string nout)
    {
        topology.Transpose(out int[] inputOffsets, out int[] outputsByInput, out int[] edgesByInput);
        w.Line($$"""
            /// <inheritdoc />
            public void Forward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> bias, global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batch)
            {
                global::SparseGen.KernelChecks.Forward(this, weights, bias, input, output, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                if (batch == 1)
                {
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        float sum = bias[j];
                        for (int e = rows[j]; e < rows[j + 1]; e++)
                        {
                            sum += weights[e] * input[columns[e]];
                        }

                        output[j] = sum;
                    }

                    return;
                }

                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.Span<float> z = output.Slice(j * batch, batch);
                    z.Fill(bias[j]);
                    for (int e = rows[j]; e < rows[j + 1]; e++)
                    {
                        global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(input.Slice(columns[e] * batch, batch), weights[e], z, z);
                    }
                }
            }

            /// <inheritdoc />
            public void Backward(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> weightGradient, global::System.Span<float> biasGradient, global::System.Span<float> inputGradient, int batch)
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = global::System.Numerics.Tensors.TensorPrimitives.Sum(dz);
                    for (int e = rows[j]; e < rows[j + 1]; e++)
                    {
                        weightGradient[e] = global::System.Numerics.Tensors.TensorPrimitives.Dot(dz, input.Slice(columns[e] * batch, batch));
                    }
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                global::System.ReadOnlySpan<int> offsets = InputOffsets;
                global::System.ReadOnlySpan<int> outputs = OutputsByInput;
                global::System.ReadOnlySpan<int> edges = EdgesByInput;
                for (int i = 0; i < {{nin}}; i++)
                {
                    global::System.Span<float> dx = inputGradient.Slice(i * batch, batch);
                    dx.Clear();
                    for (int t = offsets[i]; t < offsets[i + 1]; t++)
                    {
                        global::System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(outputGradient.Slice(outputs[t] * batch, batch), weights[edges[t]], dx, dx);
                    }
                }
            }

            """);
        Table(w, "RowOffsets", "CSR row offsets: the edges of output j are RowOffsets[j] .. RowOffsets[j + 1] - 1.", topology.RowOffsetArray);
        Table(w, "Columns", "The input of each edge, in canonical order.", topology.ColumnArray);
        Table(w, "InputOffsets", "Transposed offsets: the edges of input i are InputOffsets[i] .. InputOffsets[i + 1] - 1.", inputOffsets);
        Table(w, "OutputsByInput", "The output of each transposed edge.", outputsByInput);
        Table(w, "EdgesByInput", "The canonical index (weight) of each transposed edge.", edgesByInput, last: true);
    }

    private static void Table(SourceWriter w, string name, string summary, int[] values, bool last = false)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"private static global::System.ReadOnlySpan<int> {name} => {Literals.IntArray(values)};");
        if (!last)
        {
            w.Line();
        }
    }

    /// <summary>Fan-in and fan-out ranges as text, for headers.</summary>
    public static string DegreeRanges(Topology topology)
    {
        var d = Degrees(topology);
        return $"fan-in {d.FanInMin}..{d.FanInMax}, fan-out {d.FanOutMin}..{d.FanOutMax}";
    }

    private static (int FanInMin, int FanInMax, int FanOutMin, int FanOutMax) Degrees(Topology topology)
    {
        var fanIn = Enumerable.Range(0, topology.Outputs).Select(topology.FanIn).ToArray();
        var fanOut = Enumerable.Range(0, topology.Inputs).Select(topology.FanOut).ToArray();
        return (fanIn.Min(), fanIn.Max(), fanOut.Min(), fanOut.Max());
    }
}
