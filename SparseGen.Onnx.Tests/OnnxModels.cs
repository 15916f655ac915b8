using SparseGen;

namespace SparseGen.Onnx.Tests;

/// <summary>A generated MNIST model with a rotating hidden layer: its IndexFree kernel's weights are shift-major, not canonical.</summary>
[SparseModel(Inputs = 784)]
public sealed partial class RotatingMnist
{
    [SparseLayer(0.1, ConnectivityPattern.RegularRotating, 0, Units = 64, Activation = Activation.Relu)]
    public partial ISparseLayer Hidden { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}

/// <summary>The models the tests export, trained briefly on the MNIST subset.</summary>
internal static class OnnxModels
{
    /// <summary>784 -> 64 hidden (ReLU) -> 10 dense softmax, run by the generic kernels.</summary>
    public static GenericSparseModel Generic(ConnectivityPattern pattern, double density, ulong seed = 7) => new(784,
    [
        new LayerSpec("Hidden", pattern, 64, density, seed, Activation.Relu, 0.2),
        new LayerSpec("Output", ConnectivityPattern.Dense, 10, 1.0, 0, Activation.Softmax),
    ], initSeed: seed);

    /// <summary>Trains <paramref name="model"/> for <paramref name="epochs"/> epochs (Nadam, batch 32), with SET between epochs when asked.</summary>
    public static T Trained<T>(T model, Dataset train, int epochs = 3, SparseEvolution? evolution = null)
        where T : ISparseModel
    {
        var trainer = new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = 1, Evolution = evolution };
        trainer.Fit(train, epochs, 32);
        return model;
    }
}
