namespace SparseGen.Benchmarks;

// The main job's network (784 -> 250 Uniform, seed 42, ReLU, dropout 0.2 -> 10 softmax) at the densities of the
// engines table, with generated kernels, as the MNIST example declares them.
[SparseModel(Inputs = 784)]
public sealed partial class Main001
{
    [SparseLayer(0.01, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class Main005
{
    [SparseLayer(0.05, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class Main010
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MainDense
{
    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
