using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>
/// Rotating patterns (Bourely 2017, sections 3.1.2 and 3.2): input <c>i</c> feeds output <c>(p_t + i) mod nout</c>
/// for each of the <c>k</c> shifts <c>p_t</c>. For one shift the pairs (input, output) are a few contiguous windows,
/// so no per-edge index exists: batch-1 passes are element-wise SIMD over windows, batched passes stride through
/// contiguous rows. Weights are shift-major, <c>w[t * nin + i]</c>.
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
                for (int j = 0; j < {{nout}}; j++)
                {
                    output.Slice(j * batch, batch).Fill(bias[j]);
                }

                global::System.ReadOnlySpan<int> shifts = Shifts;
                for (int t = 0; t < {{k}}; t++)
                {
                    // The inputs i0 .. i0 + length - 1 feed the outputs j0 .. j0 + length - 1: one window, no wrap.
                    for (int i0 = 0, j0 = shifts[t], length; i0 < {{nin}}; i0 += length, j0 = 0)
                    {
                        length = global::System.Math.Min({{nin}} - i0, {{nout}} - j0);
                        global::System.ReadOnlySpan<float> w = weights.Slice((t * {{nin}}) + i0, length);
                        if (batch == 1)
                        {
                            global::System.Span<float> z = output.Slice(j0, length);
                            {{T}}.MultiplyAdd(input.Slice(i0, length), w, z, z);
                            continue;
                        }

                        for (int r = 0; r < length; r++)
                        {
                            global::System.Span<float> z = output.Slice((j0 + r) * batch, batch);
                            {{T}}.MultiplyAdd(input.Slice((i0 + r) * batch, batch), w[r], z, z);
                        }
                    }
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                for (int j = 0; j < {{nout}}; j++)
                {
                    biasGradient[j] = {{T}}.Sum(outputGradient.Slice(j * batch, batch));
                }

                inputGradient.Clear();
                bool withInputGradient = !inputGradient.IsEmpty;
                global::System.ReadOnlySpan<int> shifts = Shifts;
                for (int t = 0; t < {{k}}; t++)
                {
                    for (int i0 = 0, j0 = shifts[t], length; i0 < {{nin}}; i0 += length, j0 = 0)
                    {
                        length = global::System.Math.Min({{nin}} - i0, {{nout}} - j0);
                        global::System.ReadOnlySpan<float> w = weights.Slice((t * {{nin}}) + i0, length);
                        global::System.Span<float> dw = weightGradient.Slice((t * {{nin}}) + i0, length);
                        if (batch == 1)
                        {
                            {{T}}.Multiply(outputGradient.Slice(j0, length), input.Slice(i0, length), dw);
                            if (withInputGradient)
                            {
                                global::System.Span<float> dx = inputGradient.Slice(i0, length);
                                {{T}}.MultiplyAdd(outputGradient.Slice(j0, length), w, dx, dx);
                            }

                            continue;
                        }

                        for (int r = 0; r < length; r++)
                        {
                            global::System.ReadOnlySpan<float> dz = outputGradient.Slice((j0 + r) * batch, batch);
                            dw[r] = {{T}}.Dot(dz, input.Slice((i0 + r) * batch, batch));
                            if (withInputGradient)
                            {
                                global::System.Span<float> dx = inputGradient.Slice((i0 + r) * batch, batch);
                                {{T}}.MultiplyAdd(dz, w[r], dx, dx);
                            }
                        }
                    }
                }
            }
            """);
        KernelEmitter.Table(w, "Shifts", "The k shifts p_t (the ones of the rotated vector v): input i feeds output (p_t + i) mod nout through weight t * nin + i.", shifts);
    }
}
