using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>Loops with constant bounds over CSR tables (and the transposed tables for <c>dx</c>) baked into the assembly.</summary>
internal static class TableStrategy
{
    public static void Emit(SourceWriter w, LayerModel layer, Topology topology)
    {
        const string T = KernelEmitter.Tensors;
        topology.Transpose(out int[] inputOffsets, out int[] outputsByInput, out int[] edgesByInput);
        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.KernelChecks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.KernelChecks.Length(nameof(outputs), outputs.Length, Edges);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                new global::System.ReadOnlySpan<int>(Columns).CopyTo(inputs);
                for (int j = 0; j < OutputCount; j++)
                {
                    outputs.Slice(rows[j], rows[j + 1] - rows[j]).Fill(j);
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}}
            {
                global::SparseGen.KernelChecks.Forward(this, weights, bias, input, output, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                if (batch == 1)
                {
                    for (int j = 0; j < {{layer.Units}}; j++)
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

                for (int j = 0; j < {{layer.Units}}; j++)
                {
                    global::System.Span<float> z = output.Slice(j * batch, batch);
                    z.Fill(bias[j]);
                    for (int e = rows[j]; e < rows[j + 1]; e++)
                    {
                        {{T}}.MultiplyAdd(input.Slice(columns[e] * batch, batch), weights[e], z, z);
                    }
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                global::System.ReadOnlySpan<int> rows = RowOffsets;
                global::System.ReadOnlySpan<int> columns = Columns;
                global::System.ReadOnlySpan<int> offsets = InputOffsets;
                global::System.ReadOnlySpan<int> outputs = OutputsByInput;
                global::System.ReadOnlySpan<int> edges = EdgesByInput;
                if (batch == 1)
                {
                    for (int j = 0; j < {{layer.Units}}; j++)
                    {
                        float dz = outputGradient[j];
                        biasGradient[j] = dz;
                        for (int e = rows[j]; e < rows[j + 1]; e++)
                        {
                            weightGradient[e] = dz * input[columns[e]];
                        }
                    }

                    for (int i = 0; i < inputGradient.Length; i++)
                    {
                        float sum = 0f;
                        for (int t = offsets[i]; t < offsets[i + 1]; t++)
                        {
                            sum += weights[edges[t]] * outputGradient[outputs[t]];
                        }

                        inputGradient[i] = sum;
                    }

                    return;
                }

                for (int j = 0; j < {{layer.Units}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = {{T}}.Sum(dz);
                    for (int e = rows[j]; e < rows[j + 1]; e++)
                    {
                        weightGradient[e] = {{T}}.Dot(dz, input.Slice(columns[e] * batch, batch));
                    }
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                for (int i = 0; i < {{layer.Inputs}}; i++)
                {
                    global::System.Span<float> dx = inputGradient.Slice(i * batch, batch);
                    dx.Clear();
                    for (int t = offsets[i]; t < offsets[i + 1]; t++)
                    {
                        {{T}}.MultiplyAdd(outputGradient.Slice(outputs[t] * batch, batch), weights[edges[t]], dx, dx);
                    }
                }
            }
            """);
        KernelEmitter.Table(w, "RowOffsets", "CSR row offsets: the edges of output j are RowOffsets[j] .. RowOffsets[j + 1] - 1.", topology.RowOffsetArray);
        KernelEmitter.Table(w, "Columns", "The input of each edge, in canonical order.", topology.ColumnArray);
        KernelEmitter.Table(w, "InputOffsets", "Transposed offsets: the edges of input i are InputOffsets[i] .. InputOffsets[i + 1] - 1.", inputOffsets);
        KernelEmitter.Table(w, "OutputsByInput", "The output of each transposed edge.", outputsByInput);
        KernelEmitter.Table(w, "EdgesByInput", "The canonical index (weight) of each transposed edge.", edgesByInput);
    }
}
