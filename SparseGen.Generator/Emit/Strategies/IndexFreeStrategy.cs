using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>
/// Rotating patterns (Bourely 2017, sections 3.1.2 and 3.2): input <c>i</c> feeds output <c>(p_t + i) mod nout</c>
/// for each of the <c>k</c> shifts <c>p_t</c>, so no per-edge index is baked in. For one shift the (input, output)
/// pairs are a few contiguous windows: batch-1 passes are element-wise SIMD over windows. Batched passes, where
/// indices cost little next to a batch of multiply-adds, gather per output through terms derived from the shifts
/// once at run time (in canonical order, the generic kernels' sums; from batch 64 over a canonical copy of the weights
/// made per call), and per input (for <c>dx</c>) with arithmetic indices over an input-major copy of the weights.
/// Weights are shift-major, <c>w[t * nin + i]</c>.
/// </summary>
internal static class IndexFreeStrategy
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

                // Batched: per output, its terms in canonical order (inputs ascending), as the Table strategy and the
                // generic kernels sum them (bit for bit the same). Up to CopyFromBatch samples each term gathers its
                // shift-major weight (a stride of nin apart); from there the weights are first copied into canonical
                // order, which costs one pass over them and then reads each output's weights contiguously
                // (docs/benchmarks.md, "The generator never loses").
                global::System.ReadOnlySpan<int> offsets = BatchedTerms.Offsets, inputs = BatchedTerms.Inputs, slots = BatchedTerms.Slots;
                float[]? canonical = batch < BatchedTerms.CopyFromBatch ? null : BatchedTerms.Canonical(weights);
                try
                {
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        int start = offsets[j], count = offsets[j + 1] - start;
                        global::System.ReadOnlySpan<float> rowWeights = canonical is null ? weights : new global::System.ReadOnlySpan<float>(canonical, start, count);
                        global::System.ReadOnlySpan<int> rowSlots = canonical is null ? slots.Slice(start, count) : default;
                        global::SparseGen.Kernels.CsrSpmm.Accumulate(rowWeights, rowSlots, inputs.Slice(start, count), bias[j], input, output.Slice(j * batch, batch), batch);
                    }
                }
                finally
                {
                    if (canonical is not null)
                    {
                        global::System.Buffers.ArrayPool<float>.Shared.Return(canonical);
                    }
                }
            }

            /// <summary>
            /// The batched passes' terms in canonical order, derived once from the shifts: output j takes input i = m * nout +
            /// (j - p_t) mod nout of each block m of nout inputs, through weight t * nin + i, its inputs ascending.
            /// </summary>
            private static class BatchedTerms
            {
                /// <summary>The batch from which the forward pass copies the weights into canonical order first.</summary>
                public const int CopyFromBatch = 64;

                public static readonly int[] Offsets = new int[{{nout}} + 1];
                public static readonly int[] Inputs = new int[Edges];
                public static readonly int[] Slots = new int[Edges];

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

                        global::System.Array.Sort(Inputs, Slots, Offsets[j], count - Offsets[j]);
                        Offsets[j + 1] = count;
                    }
                }

                /// <summary>The weights in canonical order, in an array from the shared pool that the caller returns.</summary>
                public static float[] Canonical(global::System.ReadOnlySpan<float> weights)
                {
                    float[] canonical = global::System.Buffers.ArrayPool<float>.Shared.Rent(Edges);
                    global::System.ReadOnlySpan<int> slots = Slots;
                    for (int e = 0; e < slots.Length; e++)
                    {
                        canonical[e] = weights[slots[e]];
                    }

                    return canonical;
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
                    global::SparseGen.Kernels.CsrSpmm.Dot(dz, slots.Slice(start, count), inputs.Slice(start, count), input, weightGradient, batch);
                }

                if (inputGradient.IsEmpty)
                {
                    return;
                }

                // Gather per input: input i feeds output (p_t + i) mod nout through weight t * nin + i. The weights are
                // first transposed to input-major (w'[i * k + t]), so each input reads its k weights contiguously.
                float[] transposed = global::System.Buffers.ArrayPool<float>.Shared.Rent(Edges);
                int[] outputs = global::System.Buffers.ArrayPool<int>.Shared.Rent({{k}});
                try
                {
                    for (int t = 0; t < {{k}}; t++)
                    {
                        for (int i = 0; i < {{nin}}; i++)
                        {
                            transposed[(i * {{k}}) + t] = weights[(t * {{nin}}) + i];
                        }
                    }

                    global::System.Span<int> terms = new global::System.Span<int>(outputs, 0, {{k}});
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        for (int t = 0; t < {{k}}; t++)
                        {
                            terms[t] = (shifts[t] + i) % {{nout}};
                        }

                        global::SparseGen.Kernels.CsrSpmm.Accumulate(new global::System.ReadOnlySpan<float>(transposed, i * {{k}}, {{k}}), default, terms, 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
                    }
                }
                finally
                {
                    global::System.Buffers.ArrayPool<float>.Shared.Return(transposed);
                    global::System.Buffers.ArrayPool<int>.Shared.Return(outputs);
                }
            }
            """);
        KernelEmitter.Table(w, "Shifts", "The k shifts p_t (the ones of the rotated vector v): input i feeds output (p_t + i) mod nout through weight t * nin + i.", rotation.Shifts);
    }
}
