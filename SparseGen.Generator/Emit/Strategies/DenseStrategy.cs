using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>Every edge present: weights are the row-major <c>nout x nin</c> matrix, indices are arithmetic.</summary>
internal static class DenseStrategy
{
    public static void Emit(SourceWriter w, LayerModel layer)
    {
        const string T = KernelEmitter.Tensors;
        string nin = Literals.Int(layer.Inputs), nout = Literals.Int(layer.Units);
        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.KernelChecks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.KernelChecks.Length(nameof(outputs), outputs.Length, Edges);
                for (int e = 0; e < Edges; e++)
                {
                    inputs[e] = e % {{nin}};
                    outputs[e] = e / {{nin}};
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}}
            {
                global::SparseGen.KernelChecks.Forward(this, weights, bias, input, output, batch);
                if (batch == 1)
                {
                    for (int j = 0; j < {{nout}}; j++)
                    {
                        output[j] = bias[j] + {{T}}.Dot(weights.Slice(j * {{nin}}, {{nin}}), input);
                    }

                    return;
                }

                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.Span<float> z = output.Slice(j * batch, batch);
                    z.Fill(bias[j]);
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        {{T}}.MultiplyAdd(input.Slice(i * batch, batch), weights[(j * {{nin}}) + i], z, z);
                    }
                }
            }

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                for (int j = 0; j < {{nout}}; j++)
                {
                    global::System.ReadOnlySpan<float> dz = outputGradient.Slice(j * batch, batch);
                    biasGradient[j] = {{T}}.Sum(dz);
                    for (int i = 0; i < {{nin}}; i++)
                    {
                        weightGradient[(j * {{nin}}) + i] = {{T}}.Dot(dz, input.Slice(i * batch, batch));
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
                        {{T}}.MultiplyAdd(outputGradient.Slice(j * batch, batch), weights[(j * {{nin}}) + i], dx, dx);
                    }
                }
            }
            """);
    }
}
