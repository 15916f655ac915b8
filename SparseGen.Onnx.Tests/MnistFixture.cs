using SparseGen;

namespace SparseGen.Onnx.Tests;

/// <summary>The MNIST subset shipped in data/mnist: raw [0, 1] pixels and the standardisation the models train with.</summary>
public sealed class MnistFixture
{
    public MnistFixture()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SparseGen.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("SparseGen.sln not found above " + AppContext.BaseDirectory);
        }

        string directory = Path.Combine(root, "data", "mnist");
        Dataset train = IdxDataset.Load(directory, "train").Take(2000);
        var scaler = FeatureScaler.FitStandard(train, perFeature: false);
        Standardization = new InputStandardization(scaler.Offsets[0], scaler.Scales[0]);
        Train = Standardize(train);
        RawTest = IdxDataset.Load(directory, "test");
        Test = Standardize(RawTest);
    }

    /// <summary>The mean and std of the training pixels.</summary>
    public InputStandardization Standardization { get; }

    /// <summary>2,000 standardised training images.</summary>
    public Dataset Train { get; }

    /// <summary>The 1,000 test images as pixels in [0, 1], what the exported graph takes.</summary>
    public Dataset RawTest { get; }

    /// <summary>The test images standardised, what the SparseGen model takes.</summary>
    public Dataset Test { get; }

    private Dataset Standardize(Dataset data)
    {
        float mean = Standardization.Mean, std = Standardization.Std;
        return data.Map((_, x) => (x - mean) / std);
    }
}
