using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>
/// Loops with constant bounds over CSR tables (and the transposed tables for <c>dx</c>), held in static readonly
/// arrays that the JIT reads as constants: built once when the kernel type initialises, rebuilt from the seeded
/// pattern or decoded from a topology file's compact tables (<see cref="KernelEmitter.TopologyTables"/>).
/// </summary>
internal static class TableStrategy
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        const string T = KernelEmitter.Tensors;
        LayerModel layer = plan.Layer;
        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.Core.Checks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.Core.Checks.Length(nameof(outputs), outputs.Length, Edges);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                new global::System.ReadOnlySpan<int>(Columns).CopyTo(inputs);
                for (int j = 0; j < UnitCount; j++)
                {
                    outputs.Slice(rows[j], rows[j + 1] - rows[j]).Fill(j);
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Forward(this, weights, bias, input, output, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                if (batch == 1)
                {
                    // The tables are the generator's own and the lengths were checked above, so indices need no bounds checks.
                    ref float w = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
                    ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(input);
                    ref int c = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Columns);
                    for (int j = 0; j < {{layer.Units}}; j++)
                    {
                        float sum = bias[j];
                        for (int e = rows[j], end = rows[j + 1]; e < end; e++)
                        {
                            sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref w, e) * global::System.Runtime.CompilerServices.Unsafe.Add(ref x, global::System.Runtime.CompilerServices.Unsafe.Add(ref c, e));
                        }

                        output[j] = sum;
                    }

                    return;
                }

                for (int j = 0; j < {{layer.Units}}; j++)
                {
                    int start = rows[j], length = rows[j + 1] - start;
                    global::SparseGen.Kernels.CsrSpmm.Accumulate(weights.Slice(start, length), default, columns.Slice(start, length), bias[j], input, output.Slice(j * batch, batch), batch);
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                global::System.ReadOnlySpan<int> offsets = InputOffsets;
                global::System.ReadOnlySpan<int> outputs = OutputsByInput;
                global::System.ReadOnlySpan<int> edges = EdgesByInput;
                if (batch == 1)
                {
                    // As in Forward: generator-made tables, checked lengths, no bounds checks needed.
                    ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(input);
                    ref float dw = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(weightGradient);
                    ref int c = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Columns);
                    for (int j = 0; j < {{layer.Units}}; j++)
                    {
                        float dz = outputGradient[j];
                        biasGradient[j] = dz;
                        for (int e = rows[j], end = rows[j + 1]; e < end; e++)
                        {
                            global::System.Runtime.CompilerServices.Unsafe.Add(ref dw, e) = dz * global::System.Runtime.CompilerServices.Unsafe.Add(ref x, global::System.Runtime.CompilerServices.Unsafe.Add(ref c, e));
                        }
                    }

                    ref float w = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
                    ref float dy = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(outputGradient);
                    ref int o = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(OutputsByInput);
                    ref int t0 = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(EdgesByInput);
                    for (int i = 0; i < inputGradient.Length; i++)
                    {
                        float sum = 0f;
                        for (int t = offsets[i], end = offsets[i + 1]; t < end; t++)
                        {
                            sum += global::System.Runtime.CompilerServices.Unsafe.Add(ref w, global::System.Runtime.CompilerServices.Unsafe.Add(ref t0, t)) * global::System.Runtime.CompilerServices.Unsafe.Add(ref dy, global::System.Runtime.CompilerServices.Unsafe.Add(ref o, t));
                        }

                        inputGradient[i] = sum;
                    }

                    return;
                }

                for (int j = 0; j < {{layer.Units}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = {{T}}.Sum(dz);
                    int start = rows[j], length = rows[j + 1] - start;
                    global::SparseGen.Kernels.CsrSpmm.Dot(dz, default, columns.Slice(start, length), input, weightGradient.Slice(start, length), batch);
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                for (int i = 0; i < {{layer.Inputs}}; i++)
                {
                    int start = offsets[i], length = offsets[i + 1] - start;
                    global::SparseGen.Kernels.CsrSpmm.Accumulate(weights, edges.Slice(start, length), outputs.Slice(start, length), 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
                }
            }
            """);
        KernelEmitter.TopologyTables(w, plan);
        w.Line("""

            /// <summary>The input of each edge, in canonical order.</summary>
            private static readonly int[] Columns = TopologyTables.Value.Columns;

            /// <summary>The output of each transposed edge.</summary>
            private static readonly int[] OutputsByInput = TopologyTables.Value.OutputsByInput;

            /// <summary>The canonical index (weight) of each transposed edge.</summary>
            private static readonly int[] EdgesByInput = TopologyTables.Value.EdgesByInput;

            /// <summary>CSR row offsets: the edges of output j are RowOffsets[j] .. RowOffsets[j + 1] - 1.</summary>
            private static readonly int[] RowOffsets = TopologyTables.Value.RowOffsets;

            /// <summary>Transposed offsets: the edges of input i are InputOffsets[i] .. InputOffsets[i + 1] - 1.</summary>
            private static readonly int[] InputOffsets = TopologyTables.Value.InputOffsets;
            """);
    }
}
