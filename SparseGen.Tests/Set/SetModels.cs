using SparseGen;
using SparseGen.Kernels;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Set;

/// <summary>Small Erdős–Rényi MLPs and data for the adaptive-connectivity tests.</summary>
internal static class SetModels
{
    /// <summary>An MLP of ReLU hidden layers and a softmax output, each layer Erdős–Rényi by <paramref name="epsilon"/>.</summary>
    public static GenericSparseModel Mlp(int inputs, int[] hidden, int classes, double epsilon = 2, double dropout = 0, SparseFormat format = SparseFormat.Csr, ulong seed = 5)
    {
        int[] sizes = [inputs, .. hidden, classes];
        var layers = new List<LayerSpec>();
        for (int l = 1; l < sizes.Length; l++)
        {
            bool output = l == sizes.Length - 1;
            layers.Add(ErdosRenyi.Layer(output ? "Output" : $"Hidden{l}", sizes[l - 1], sizes[l], epsilon, seed + (ulong)l,
                output ? Activation.Softmax : Activation.Relu, output ? 0 : dropout));
        }

        return new GenericSparseModel(inputs, layers, seed, format);
    }

    /// <summary>A model with <paramref name="model"/>'s layers rebuilt from their current topologies (fresh kernels), weights and biases copied.</summary>
    public static GenericSparseModel Rebuilt(ISparseModel model)
    {
        var layers = model.Layers.Select(l => LayerSpec.Of(l, Topology(l))).ToList();
        var copy = new GenericSparseModel(model.InputCount, layers);
        for (int l = 0; l < layers.Count; l++)
        {
            model.Layers[l].Weights.Values.CopyTo(copy.Layers[l].Weights.Values, 0);
            model.Layers[l].Bias.Values.CopyTo(copy.Layers[l].Bias.Values, 0);
        }

        return copy;
    }

    public static SparseGen.Topology Topology(ISparseLayer layer) => ((IRewirableKernel)layer.Kernel).Topology;

    /// <summary>Random features in [0, 1) with labels from a fixed linear rule, so training has something to learn.</summary>
    public static Dataset Data(int count, int features, int classes, ulong seed = 3)
    {
        float[] x = Reference.Random(count * features, seed).Select(v => MathF.Abs(v)).ToArray();
        int[] labels = Enumerable.Range(0, count).Select(s => (int)(Enumerable.Range(0, features).Sum(f => x[(s * features) + f] * ((f % classes) + 1)) * 7) % classes).ToArray();
        return new Dataset(x, features, labels, classes);
    }

    /// <summary>Every parameter's values, layer by layer.</summary>
    public static float[][] Values(ISparseModel model) => model.Network.Parameters.Select(p => p.Values.ToArray()).ToArray();
}
