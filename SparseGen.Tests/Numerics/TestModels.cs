using SparseGen;

namespace SparseGen.Tests.Numerics;

[SparseModel(Inputs = 13)]
public sealed partial class SmallUsn
{
    [SparseLayer(0.3, ConnectivityPattern.Uniform, 7, Units = 9, Activation = Activation.Tanh)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 4, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 784)]
internal sealed partial class MnistSmall
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 64, Activation = Activation.Relu, Dropout = 0.2)]
    internal partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    internal partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 6)]
public sealed partial class DropoutNet
{
    [SparseLayer(0.5, ConnectivityPattern.Uniform, 3, Units = 8, Activation = Activation.Sigmoid, Dropout = 0.3)]
    public partial ISparseLayer First { get; }

    [SparseLayer(0.6, ConnectivityPattern.Uniform, 4, Units = 5, Activation = Activation.Tanh)]
    public partial ISparseLayer Second { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
