using System;

namespace SparseGen.Onnx;

/// <summary>How <see cref="OnnxExport"/> writes a model.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>
    /// The standardisation <c>x' = (x - mean) / std</c> the model expects of its inputs, written into the graph as a
    /// <c>Sub</c> and a <c>Div</c> node in front of the first layer, so that ONNX consumers feed raw inputs (for
    /// MNIST, pixels scaled to [0, 1]); null (the default) writes no such nodes and the graph takes standardised inputs.
    /// </summary>
    public InputStandardization? Standardization { get; init; }

    /// <summary>
    /// When true, the weight matrix of every layer with fewer edges than <c>Inputs x Units</c> is written as a
    /// <c>GraphProto.sparse_initializer</c> (a <c>SparseTensorProto</c> in COO form: the edges' weights and their
    /// linearised indices <c>i * Units + j</c>, ascending) instead of a dense initializer; full layers stay dense.
    /// The file is smaller; ONNX Runtime turns each sparse initializer into a dense tensor when it loads the model
    /// (onnxruntime/core/graph/graph.cc; see README.md, "ONNX export"), so its memory and speed are those of the dense form. Default false.
    /// </summary>
    public bool SparseInitializers { get; init; }

    /// <summary>The graph's name; default <c>sparsegen</c>.</summary>
    public string GraphName { get; init; } = "sparsegen";
}

/// <summary>An input standardisation <c>x' = (x - Mean) / Std</c>, one mean and one std for every input feature (as a checkpoint's <c>preprocessing.mean</c> and <c>preprocessing.std</c>).</summary>
/// <param name="Mean">The mean subtracted from every input; a finite number.</param>
/// <param name="Std">The standard deviation every centred input is divided by; finite and above 0.</param>
public sealed record InputStandardization(float Mean, float Std)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Mean"/> is not finite, or <see cref="Std"/> is not finite and above 0.</exception>
    internal void Validate()
    {
        if (!float.IsFinite(Mean))
        {
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean, "The standardisation's mean must be a finite number.");
        }

        if (!float.IsFinite(Std) || Std <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Std), Std, "The standardisation's std must be a finite number above 0.");
        }
    }
}
