using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>
/// Rotating patterns (Bourely 2017, sections 3.1.2 and 3.2): input <c>i</c> feeds output <c>(p_t + i) mod nout</c>
/// for each of the <c>k</c> shifts <c>p_t</c>, so no per-edge index exists. For one shift the (input, output)
/// pairs are a few contiguous windows: batch-1 passes are element-wise SIMD over windows. Batched passes gather
/// per output (and per input for <c>dx</c>) with arithmetic indices, keeping the accumulated row in cache.
/// Weights are shift-major, <c>w[t * nin + i]</c>.
/// </summary>
internal static class ComputedStrategy
{
    public static void Emit(SourceWriter w, LayerModel layer)
    {
        const string T = KernelEmitter.Tensors;
        int degree = Topology.DegreeFor(layer.Units, layer.Density);
        int[] shifts = RotatingPatterns.Ones(layer.Pattern, layer.Units, degree, new Xoshiro256StarStar(unchecked((ulong)layer.Seed)));
        string nin = Literals.Int(layer.Inputs), nout = Literals.Int(layer.Units), k = Literals.Int(degree);
        w.Line($$"""
            /// <summary>The degree k: every input feeds k outputs.</summary>
            public const int Degree = {{k}};

            /// <summary>The most inputs one output can take: k per block of nout inputs.</summary>
            private const int MaxTermsPerRow = {{Literals.Int((long)degree * ((layer.Inputs + layer.Units - 1) / layer.Units))}};

            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.KernelChecks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.KernelChecks.Length(nameof(outputs), outputs.Length, Edges);
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
                global::SparseGen.KernelChecks.Forward(this, weights, bias, input, output, batch);
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

                // Batched: gather per output (see Terms); the terms go to the shared register-blocked row loop.
                int[] pooled = global::System.Buffers.ArrayPool<int>.Shared.Rent(2 * MaxTermsPerRow);
                try
                {
                    global::System.Span<int> inputs = new global::System.Span<int>(pooled, 0, MaxTermsPerRow), slots = new global::System.Span<int>(pooled, MaxTermsPerRow, MaxTermsPerRow);
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        int count = Terms(j, shifts, inputs, slots);
                        global::SparseGen.SparseRows.Accumulate(weights, slots.Slice(0, count), inputs.Slice(0, count), bias[j], input, output.Slice(j * batch, batch), batch);
                    }
                }
                finally
                {
                    global::System.Buffers.ArrayPool<int>.Shared.Return(pooled);
                }
            }

            /// <summary>The inputs of output j and their weight slots: in each block m of nout inputs, i = m * nout + (j - p_t) mod nout through weight t * nin + i.</summary>
            private static int Terms(int j, global::System.ReadOnlySpan<int> shifts, global::System.Span<int> inputs, global::System.Span<int> slots)
            {
                int count = 0;
                for (int m = 0; m * {{nout}} < {{nin}}; m++)
                {
                    for (int t = 0; t < {{k}}; t++)
                    {
                        int i = (m * {{nout}}) + ((j - shifts[t] + {{nout}}) % {{nout}});
                        if (i < {{nin}})
                        {
                            inputs[count] = i;
                            slots[count++] = (t * {{nin}}) + i;
                        }
                    }
                }

                return count;
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
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

                int[] pooled = global::System.Buffers.ArrayPool<int>.Shared.Rent(2 * MaxTermsPerRow);
                try
                {
                    global::System.Span<int> inputs = new global::System.Span<int>(pooled, 0, MaxTermsPerRow), slots = new global::System.Span<int>(pooled, MaxTermsPerRow, MaxTermsPerRow);
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                        biasGradient[j] = {{T}}.Sum(dz);
                        int count = Terms(j, shifts, inputs, slots);
                        global::SparseGen.SparseRows.Dot(dz, slots.Slice(0, count), inputs.Slice(0, count), input, weightGradient, batch);
                    }
                }
                finally
                {
                    global::System.Buffers.ArrayPool<int>.Shared.Return(pooled);
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

                        global::SparseGen.SparseRows.Accumulate(weights, edges, outputs, 0f, outputGradient, inputGradient.Slice(i * batch, batch), batch);
                    }
                }
                finally
                {
                    global::System.Buffers.ArrayPool<int>.Shared.Return(terms);
                }
            }
            """);
        KernelEmitter.Table(w, "Shifts", "The k shifts p_t (the ones of the rotated vector v): input i feeds output (p_t + i) mod nout through weight t * nin + i.", shifts);
    }
}
