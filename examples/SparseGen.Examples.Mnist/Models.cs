using SparseGen;
using SparseGen.Networks;

namespace SparseGen.Examples.Mnist;

// The USN paper's MLP (Luo 2020, section IV.A): 784 -> 250 (ReLU, dropout 0.2) -> 10 (softmax), compiled at
// the densities the example offers without run-time topology building.

[SparseModel(Inputs = 784)]
public sealed partial class MnistUsn001
{
    [SparseLayer(0.01, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MnistUsn005
{
    [SparseLayer(0.05, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MnistUsn010
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MnistUsn020
{
    [SparseLayer(0.2, ConnectivityPattern.Uniform, 42, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
public sealed partial class MnistDense
{
    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 250, Activation = Activation.Relu, Dropout = 0.2)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
