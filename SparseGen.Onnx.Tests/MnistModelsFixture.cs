using SparseGen;

namespace SparseGen.Onnx.Tests;

/// <summary>The four MNIST models of the tests, each trained once: Uniform, rotating (generated, IndexFree), SET-evolved, dense.</summary>
public sealed class MnistModelsFixture
{
    private readonly Lazy<ISparseModel> _uniform, _rotating, _set, _dense;

    public MnistModelsFixture()
    {
        Mnist = new MnistFixture();
        _uniform = new(() => OnnxModels.Trained(OnnxModels.Generic(ConnectivityPattern.Uniform, 0.1), Mnist.Train));
        _rotating = new(() =>
        {
            var model = new RotatingMnist();
            model.Initialize(3);
            return OnnxModels.Trained(model, Mnist.Train);
        });
        _set = new(() =>
        {
            GenericSparseModel model = OnnxModels.Generic(ConnectivityPattern.Uniform, 0.1, seed: 11);
            InitialSetFingerprint = model.Layers[0].Fingerprint;
            return OnnxModels.Trained(model, Mnist.Train, epochs: 3, new SparseEvolution(0.3, 1));
        });
        _dense = new(() => OnnxModels.Trained(OnnxModels.Generic(ConnectivityPattern.Dense, 1.0), Mnist.Train));
    }

    public MnistFixture Mnist { get; }

    /// <summary>The SET model's hidden fingerprint before training.</summary>
    public ulong InitialSetFingerprint { get; private set; }

    public ISparseModel Get(string name) => name switch
    {
        "uniform" => _uniform.Value,
        "rotating" => _rotating.Value,
        "set" => _set.Value,
        "dense" => _dense.Value,
        _ => throw new ArgumentException(name),
    };
}
