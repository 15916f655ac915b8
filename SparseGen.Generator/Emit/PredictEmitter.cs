using System.Linq;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits the model's inference: the layers' kernels called directly (sealed types, no interface dispatch) with
/// constant sizes, activations by the runtime's <c>Activations.Forward</c>, intermediate activations on the stack (or pooled when large), so a call
/// allocates nothing and shares no mutable state between threads.
/// </summary>
internal static class PredictEmitter
{
    /// <summary>Above this many floats of intermediate activations per sample, buffers come from the shared array pool instead of the stack.</summary>
    private const int MaxStackFloats = 16 * 1024;

    public static string KernelField(string layer) => "__" + layer + "KernelInstance";

    public static void Emit(SourceWriter w, ModelSpec model)
    {
        var layers = model.Layers;
        int hidden = layers.Take(layers.Count - 1).Sum(l => l.Units);
        int outputs = layers[layers.Count - 1].Units;
        foreach (LayerModel layer in layers)
        {
            w.Line($"private static readonly {LayerEmitter.KernelName(layer.Name)} {KernelField(layer.Name)} = new();");
        }

        w.Line();
        w.Line($$"""
            /// <summary>Runs one sample: <paramref name="input"/> holds {{model.Inputs}} features, <paramref name="output"/> receives {{outputs}} values. Thread-safe and allocation-free.</summary>
            /// <exception cref="global::System.ArgumentException">A span's length is not the one expected; the message gives both.</exception>
            {{TypeScopes.GeneratedCode}}
            public void Predict(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)
            {
                global::SparseGen.Core.Checks.Length(nameof(input), input.Length, {{model.Inputs}});
                global::SparseGen.Core.Checks.Length(nameof(output), output.Length, {{outputs}});
            """);
        using (w.Indent())
        {
            if (hidden <= MaxStackFloats)
            {
                w.Line($"global::System.Span<float> activations = stackalloc float[{System.Math.Max(hidden, 1)}];");
                Body(w, model, batch: "1");
            }
            else
            {
                Pooled(w, model, $"{hidden}", "1");
            }
        }

        w.Line("}");
        w.Line();
        w.Line($$"""
            /// <summary>Runs a batch: <paramref name="input"/> is <c>[{{model.Inputs}}, batchSize]</c> and <paramref name="output"/> receives <c>[{{outputs}}, batchSize]</c>, both feature-major. Thread-safe; buffers come from the shared array pool.</summary>
            /// <exception cref="global::System.ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
            /// <exception cref="global::System.ArgumentException">A span's length is not the one expected; the message gives both.</exception>
            {{TypeScopes.GeneratedCode}}
            public void Predict(global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batchSize)
            {
                global::System.ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
                global::SparseGen.Core.Checks.Length(nameof(input), input.Length, (long){{model.Inputs}} * batchSize);
                global::SparseGen.Core.Checks.Length(nameof(output), output.Length, (long){{outputs}} * batchSize);
            """);
        using (w.Indent())
        {
            Pooled(w, model, $"{System.Math.Max(hidden, 1)} * batchSize", "batchSize");
        }

        w.Line("}");
        w.Line();
    }

    private static void Pooled(SourceWriter w, ModelSpec model, string size, string batch)
    {
        w.Line($"float[] pooled = global::System.Buffers.ArrayPool<float>.Shared.Rent({size});");
        using (w.Block("try"))
        {
            w.Line($"global::System.Span<float> activations = pooled;");
            Body(w, model, batch);
        }

        using (w.Block("finally"))
        {
            w.Line("global::System.Buffers.ArrayPool<float>.Shared.Return(pooled);");
        }
    }

    private static void Body(SourceWriter w, ModelSpec model, string batch)
    {
        string previous = "input";
        int offset = 0;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            LayerModel layer = model.Layers[l];
            bool last = l == model.Layers.Count - 1;
            string a = last ? "output" : $"a{l}";
            if (!last)
            {
                w.Line(batch == "1"
                    ? $"global::System.Span<float> {a} = activations.Slice({offset}, {layer.Units});"
                    : $"global::System.Span<float> {a} = activations.Slice({offset} * {batch}, {layer.Units} * {batch});");
                offset += layer.Units;
            }

            w.Line($"global::SparseGen.ISparseLayer layer{l} = {ModelEmitter.NetworkField}.Layers[{l}];");
            w.Line($"{KernelField(layer.Name)}.Forward(layer{l}.Weights.Values, layer{l}.Bias.Values, {previous}, {a}, {batch});");
            if (layer.Activation != Activation.Linear)
            {
                w.Line($"global::SparseGen.Kernels.Activations.Forward(global::SparseGen.Activation.{layer.Activation}, {a}, {a}, {layer.Units}, {batch}{(layer.NegativeSlope != 0 ? $", (float){Literals.Double(layer.NegativeSlope)}" : "")});");
            }

            previous = a;
        }
    }
}
