using System.Linq;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>Straight-line code: one statement per edge, every index a constant. Weights in canonical order.</summary>
internal static class UnrolledStrategy
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        const string T = KernelEmitter.Tensors;
        LayerModel layer = plan.Layer;
        CsrTables csr = plan.Csr!;
        EquatableArray<int> inputOffsets = plan.Transposed!.Offsets, outputsByInput = plan.Transposed.Outputs, edgesByInput = plan.Transposed.Edges;
        KernelEmitter.CanonicalWeightEdges(w);
        var rows = Enumerable.Range(0, layer.Units)
            .Select(j => Enumerable.Range(csr.RowOffsets[j], csr.RowOffsets[j + 1] - csr.RowOffsets[j]).Select(e => (Edge: e, Input: csr.Columns[e])).ToArray())
            .ToArray();

        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Forward(this, weights, bias, input, output, batch);
                if (batch == 1)
                {
                    ForwardOne(weights, bias, input, output);
                    return;
                }

                global::System.Span<float> z;
            """);
        using (w.Indent())
        {
            for (int j = 0; j < rows.Length; j++)
            {
                w.Line($"z = output.Slice({j} * batch, batch);");
                w.Line($"z.Fill(bias[{j}]);");
                foreach (var (e, i) in rows[j])
                {
                    w.Line($"{T}.MultiplyAdd(input.Slice({i} * batch, batch), weights[{e}], z, z);");
                }
            }
        }

        w.Line("}");
        w.Line();
        using (w.Block("private static void ForwardOne(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> bias, global::System.ReadOnlySpan<float> input, global::System.Span<float> output)"))
        {
            for (int j = 0; j < rows.Length; j++)
            {
                w.Line($"output[{j}] = bias[{j}]{string.Concat(rows[j].Select(x => $" + (weights[{x.Edge}] * input[{x.Input}])"))};");
            }
        }

        w.Line();
        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}}
            {
                global::SparseGen.Kernels.KernelChecks.Backward(this, weights, input, outputGradient, weightGradient, biasGradient, inputGradient, batch);
                if (batch == 1)
                {
                    BackwardOne(weights, input, outputGradient, weightGradient, biasGradient, inputGradient);
                    return;
                }

                global::System.ReadOnlySpan<float> dz;
            """);
        using (w.Indent())
        {
            for (int j = 0; j < rows.Length; j++)
            {
                w.Line($"dz = outputGradient.Slice({j} * batch, batch);");
                w.Line($"biasGradient[{j}] = {T}.Sum(dz);");
                foreach (var (e, i) in rows[j])
                {
                    w.Line($"weightGradient[{e}] = global::SparseGen.Kernels.CsrSpmm.Dot(dz, input.Slice({i} * batch, batch));");
                }
            }

            w.Line("""
                if (inputGradient.IsEmpty)
                {
                    return;
                }

                global::System.Span<float> dx;
                """);
            for (int i = 0; i < layer.Inputs; i++)
            {
                w.Line($"dx = inputGradient.Slice({i} * batch, batch);");
                w.Line("dx.Clear();");
                for (int t = inputOffsets[i]; t < inputOffsets[i + 1]; t++)
                {
                    w.Line($"{T}.MultiplyAdd(outputGradient.Slice({outputsByInput[t]} * batch, batch), weights[{edgesByInput[t]}], dx, dx);");
                }
            }
        }

        w.Line("}");
        w.Line();
        using (w.Block("private static void BackwardOne(global::System.ReadOnlySpan<float> weights, global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> weightGradient, global::System.Span<float> biasGradient, global::System.Span<float> inputGradient)"))
        {
            for (int j = 0; j < rows.Length; j++)
            {
                w.Line($"biasGradient[{j}] = outputGradient[{j}];");
                foreach (var (e, i) in rows[j])
                {
                    w.Line($"weightGradient[{e}] = outputGradient[{j}] * input[{i}];");
                }
            }

            w.Line("""
                if (inputGradient.IsEmpty)
                {
                    return;
                }

                """);
            for (int i = 0; i < layer.Inputs; i++)
            {
                var terms = Enumerable.Range(inputOffsets[i], inputOffsets[i + 1] - inputOffsets[i])
                    .Select(t => $" + (weights[{edgesByInput[t]}] * outputGradient[{outputsByInput[t]}])");
                w.Line($"inputGradient[{i}] = 0f{string.Concat(terms)};");
            }
        }

        KernelEmitter.TopologyTables(w, plan);
    }
}
