using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>
/// Rotating patterns (Bourely 2017, sections 3.1.2 and 3.2): input <c>i</c> feeds output <c>(p_t + i) mod nout</c>
/// for each of the <c>k</c> shifts <c>p_t</c>, so no per-edge index is baked in. For one shift the (input, output)
/// pairs are a few contiguous windows: batch-1 passes are element-wise SIMD over windows. Batched passes, where
/// indices cost little next to a batch of multiply-adds, gather per output through terms derived from the shifts
/// once at run time, and per input (for <c>dx</c>) with arithmetic indices.
/// Weights are shift-major, <c>w[t * nin + i]</c>.
/// </summary>
internal static class ComputedStrategy
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        const string T = KernelEmitter.Tensors;
        LayerModel layer = plan.Layer;
        RotationPlan rotation = plan.Rotation!;
        int degree = rotation.Degree;
        string nin = Literals.Int(layer.Inputs), nout = Literals.Int(layer.Units), k = Literals.Int(degree);
        w.Line($$"""
            /// <summary>The degree k: every input feeds k outputs.</summary>
            public const int Degree = {{k}};

            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.Core.Checks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.Core.Checks.Length(nameof(outputs), outputs.Length, Edges);
                global::System.ReadOnlySpan<int> shifts = Shifts;
                for (int t = 0; t < {{k}}; t++)
                {
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        inputs[(t * {{nin}}) + i] = i;
                        outputs[(t * {{nin}}) + i] = (shifts[t] + i) % {{nout}};
                    }
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Forward(this, weights, bias, input, output, batch);
                global::System.ReadOnlySpan<int> shifts = Shifts;
                if (batch == 1)
                {
                    bias.CopyTo(output);
                    for (int t = 0; t < {{k}}; t++)
                    {
                        // The inputs i0 .. i0 + length - 1 feed the outputs j0 .. j0 + length - 1: one window, no wrap.
                        for (int i0 = 0, j0 = shifts[t], length; i0 < {{nin}}; i0 += length, j0 = 0)
                        {
                            length = global::System.Math.Min({{nin}} - i0, {{nout}} - j0);
                            global::System.Span<float> z = output.Slice(j0, length);
                            {{T}}.MultiplyAdd(input.Slice(i0, length), weights.Slice((t * {{nin}}) + i0, length), z, z);
                        }
                    }

                    return;
                }

                // Batched: gather per output. Indices cost nothing next to a batch of multiply-adds, so the terms
                // (see Terms) are derived once from the shifts and shared by every call.
                global::System.ReadOnlySpan<int> offsets = BatchedTerms.Offsets, inputs = BatchedTerms.Inputs, slots = BatchedTerms.Slots;
                for (int j = 0; j < {{nout}}; j++)
                {
                    int start = offsets[j], count = offsets[j + 1] - start;
                    global::SparseGen.Kernels.SparseRows.Accumulate(weights, slots.Slice(start, count), inputs.Slice(start, count), bias[j], input, output.Slice(j * batch, batch), batch);
                }
            }

            /// <summary>
            /// The batched passes' terms, derived once from the shifts: output j takes, in each block m of nout inputs,
            /// input i = m * nout + (j - p_t) mod nout through weight t * nin + i.
            /// </summary>
            private static class BatchedTerms
            {
                public static readonly int[] Offsets = new int[{{nout}} + 1];
                public static readonly int[] Inputs = new int[{{Literals.Int((long)degree * layer.Inputs)}}];
                public static readonly int[] Slots = new int[{{Literals.Int((long)degree * layer.Inputs)}}];

                static BatchedTerms()
                {
                    global::System.ReadOnlySpan<int> shifts = Shifts;
                    int count = 0;
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        for (int m = 0; m * {{nout}} < {{nin}}; m++)
                        {
                            for (int t = 0; t < {{k}}; t++)
                            {
                                int i = (m * {{nout}}) + ((j - shifts[t] + {{nout}}) % {{nout}});
                                if (i < {{nin}})
                                {
                                    Inputs[count] = i;
                                    Slots[count++] = (t * {{nin}}) + i;
                                }
                            }
                        }

                        Offsets[j + 1] = count;
                    }
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                global::System.ReadOnlySpan<int> shifts = Shifts;
                if (batch == 1)
                {
                    outputGradient.CopyTo(biasGradient);
                    inputGradient.Clear();
                    for (int t = 0; t < {{k}}; t++)
                    {
                        for (int i0 = 0, j0 = shifts[t], length; i0 < {{nin}}; i0 += length, j0 = 0)
                        {
                            length = global::System.Math.Min({{nin}} - i0, {{nout}} - j0);
                            global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j0, length);
                            {{T}}.Multiply(dz, input.Slice(i0, length), weightGradient.Slice((t * {{nin}}) + i0, length));
                            if (!inputGradient.IsEmpty)
                            {
                                global::System.Span<float> dx = inputGradient.Slice(i0, length);
                                {{T}}.MultiplyAdd(dz, weights.Slice((t * {{nin}}) + i0, length), dx, dx);
                            }
                        }
                    }

                    return;
                }

                global::System.ReadOnlySpan<int> offsets = BatchedTerms.Offsets, inputs = BatchedTerms.Inputs, slots = BatchedTerms.Slots;
                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = {{T}}.Sum(dz);
                    int start = offsets[j], count = offsets[j + 1] - start;
                    global::SparseGen.Kernels.SparseRows.Dot(dz, slots.Slice(start, count), inputs.Slice(start, count), input, weightGradient, batch);
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                // Gather per input: input i feeds output (p_t + i) mod nout through weight t * nin + i.
                int[] terms = global::System.Buffers.ArrayPool<int>.Shared.Rent(2 * {{k}});
                try
                {
                    global::System.Span<int> outputs = new global::System.Span<int>(terms, 0, {{k}}), edges = new global::System.Span<int>(terms, {{k}}, {{k}});
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        for (int t = 0; t < {{k}}; t++)
                        {
                            outputs[t] = (shifts[t] + i) % {{nout}};
                            edges[t] = (t * {{nin}}) + i;
                        }

                        global::SparseGen.Kernels.SparseRows.Accumulate(weights, edges, outputs, 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
                    }
                }
                finally
                {
                    global::System.Buffers.ArrayPool<int>.Shared.Return(terms);
                }
            }
            """);
        KernelEmitter.Table(w, "Shifts", "The k shifts p_t (the ones of the rotated vector v): input i feeds output (p_t + i) mod nout through weight t * nin + i.", rotation.Shifts);
    }
}
