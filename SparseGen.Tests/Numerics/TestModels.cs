using SparseGen;
using SparseGen.Networks;

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

/// <summary>All-ReLU hidden layers (negative slopes -0.6 and 0.6, as <see cref="AllRelu.Slope"/> gives them), one with dropout.</summary>
[SparseModel(Inputs = 10)]
public sealed partial class AllReluNet
{
    [SparseLayer(0.5, ConnectivityPattern.Uniform, 5, Units = 9, Activation = Activation.LeakyRelu, NegativeSlope = -0.6, Dropout = 0.25)]
    public partial ISparseLayer First { get; }

    [SparseLayer(0.6, ConnectivityPattern.ErdosRenyi, 6, Units = 7, Activation = Activation.LeakyRelu, NegativeSlope = 0.6)]
    public partial ISparseLayer Second { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 20)]
public sealed partial class EveryPattern
{
    [SparseLayer(0.3, ConnectivityPattern.ErdosRenyi, 1, Units = 15, Activation = Activation.Tanh)]
    public partial ISparseLayer ErdosRenyi { get; }

    [SparseLayer(0.4, ConnectivityPattern.RandomRegular, 2, Units = 12, Activation = Activation.Tanh)]
    public partial ISparseLayer RandomRegular { get; }

    [SparseLayer(0.3, ConnectivityPattern.RandomRotating, 3, Units = 16, Activation = Activation.Sigmoid)]
    public partial ISparseLayer RandomRotating { get; }

    [SparseLayer(0.25, ConnectivityPattern.RegularRotating, 0, Units = 12, Activation = Activation.Tanh)]
    public partial ISparseLayer RegularRotating { get; }

    [SparseLayer(0.5, ConnectivityPattern.LongShortRotating, 0, Units = 10, Activation = Activation.Tanh)]
    public partial ISparseLayer LongShortRotating { get; }

    [SparseLayer(0.4, ConnectivityPattern.FibonacciRotating, 0, Units = 14, Activation = Activation.Tanh)]
    public partial ISparseLayer FibonacciRotating { get; }

    [SparseLayer(0.5, ConnectivityPattern.Uniform, 4, Units = 5, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

[SparseModel(Inputs = 40)]
public sealed partial class ExplicitStrategies
{
    [SparseLayer(0.2, ConnectivityPattern.Uniform, 5, Units = 24, Activation = Activation.Tanh, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer Table { get; }

    [SparseLayer(0.25, ConnectivityPattern.FibonacciRotating, 0, Units = 16, Activation = Activation.Sigmoid, Codegen = CodegenStrategy.Table)]
    public partial ISparseLayer RotatingAsTable { get; }

    [SparseLayer(0.5, ConnectivityPattern.RandomRotating, 6, Units = 10, Activation = Activation.Sigmoid, Codegen = CodegenStrategy.Unrolled)]
    public partial ISparseLayer RotatingUnrolled { get; }

    [SparseLayer(1.0, ConnectivityPattern.Uniform, 2, Units = 7, Activation = Activation.Tanh)]
    public partial ISparseLayer FullUniform { get; }

    [SparseLayer(0.4, ConnectivityPattern.LongShortRotating, 0, Units = 5, Activation = Activation.Softmax)]
    public partial ISparseLayer WideIndexFree { get; }
}

/// <summary>SmallUsn's shape and layer names with another topology seed: its checkpoints must not load into SmallUsn.</summary>
[SparseModel(Inputs = 13)]
public sealed partial class SmallUsnOtherSeed
{
    [SparseLayer(0.3, ConnectivityPattern.Uniform, 8, Units = 9, Activation = Activation.Tanh)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 4, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

// A rotating layer of 40,000 edges, more than Auto gives the IndexFree strategy: it gets tables.
[SparseModel(Inputs = 1000)]
public sealed partial class LargeRotating
{
    [SparseLayer(0.2, ConnectivityPattern.RegularRotating, 0, Units = 200)]
    public partial ISparseLayer Layer { get; }
}
