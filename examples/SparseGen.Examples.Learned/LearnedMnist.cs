using SparseGen;

namespace SparseGen.Examples.Learned;

/// <summary>
/// The MNIST MLP compiled from learned topologies: each layer's edges (and, from a real file, its initial
/// weights) are read from a Matrix Market file at build time, and the generator specialises the kernels to them.
/// The files come from the folder the build property <c>Topologies</c> names (the project's <c>topologies/</c>
/// by default); their shapes must chain from 784 inputs.
/// </summary>
[SparseModel(Inputs = 784)]
public sealed partial class LearnedMnist
{
    [SparseLayer("hidden.mtx", Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer("output.mtx", Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
