using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit.Strategies;

/// <summary>Every edge present: weights are the row-major <c>nout x nin</c> matrix, run by the register-blocked <c>DenseMath</c> with the sizes as constants.</summary>
internal static class DenseStrategy
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        var layer = plan.Layer;
        string nin = Literals.Int(layer.Inputs), nout = Literals.Int(layer.Units);
        w.Line($$"""
            /// <inheritdoc />
            {{KernelEmitter.WeightEdgesSignature}}
            {
                global::SparseGen.Core.Checks.Length(nameof(inputs), inputs.Length, Edges);
                global::SparseGen.Kernels.DenseMath.WeightEdges({{nin}}, inputs, outputs);
            }

            /// <inheritdoc />
            {{KernelEmitter.ForwardSignature}} =>
                global::SparseGen.Kernels.DenseMath.Forward(weights, bias, input, output, {{nin}}, {{nout}}, batch);

            /// <inheritdoc />
            {{KernelEmitter.BackwardSignature}} =>
                global::SparseGen.Kernels.DenseMath.Backward(weights, input, outputGradient, weightGradient, biasGradient, inputGradient, {{nin}}, {{nout}}, batch);
            """);
    }
}
