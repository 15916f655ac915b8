using SparseGen;

namespace SparseGen.Onnx.Tests;

/// <summary>ONNX Runtime runs the exported graph, standardisation included, to SparseGen's own Predict on the shipped test digits.</summary>
public sealed class OnnxRuntimeEquivalenceTests(MnistModelsFixture models) : IClassFixture<MnistModelsFixture>
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("uniform")]
    [InlineData("rotating")]
    [InlineData("set")]
    [InlineData("dense")]
    public void OnnxRuntime_matches_Predict_on_raw_pixels(string name)
    {
        ISparseModel model = models.Get(name);
        float[][] expected = Ort.Predict(model, models.Mnist.Test);
        float[][] actual = Ort.Run(Ort.Export(model, new OnnxExportOptions { Standardization = models.Mnist.Standardization }), models.Mnist.RawTest);

        Assert.InRange(Ort.MaxDifference(actual, expected), 0, Tolerance);
        Assert.InRange(Ort.Accuracy(actual, models.Mnist.RawTest), 0.6, 1); // trained models (chance is 0.1), not near-uniform outputs
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("rotating")]
    [InlineData("set")]
    public void OnnxRuntime_runs_sparse_initializers_to_the_same_outputs(string name)
    {
        ISparseModel model = models.Get(name);
        var options = new OnnxExportOptions { Standardization = models.Mnist.Standardization, SparseInitializers = true };
        global::Onnx.ModelProto proto = OnnxExport.CreateModel(model, options);
        Assert.Equal(["Hidden.weight"], proto.Graph.SparseInitializer.Select(s => s.Values.Name));
        Assert.DoesNotContain(proto.Graph.Initializer, t => t.Name == "Hidden.weight");
        byte[] sparse = Ort.Export(model, options), dense = Ort.Export(model, options with { SparseInitializers = false });
        Assert.True(sparse.Length < dense.Length / 2, $"sparse {sparse.Length} bytes, dense {dense.Length}");

        float[][] expected = Ort.Predict(model, models.Mnist.Test);
        Assert.InRange(Ort.MaxDifference(Ort.Run(sparse, models.Mnist.RawTest), expected), 0, Tolerance);
    }

    [Fact]
    public void The_set_model_was_rewired_before_export()
    {
        ISparseModel model = models.Get("set");
        Assert.NotEqual(models.InitialSetFingerprint, model.Layers[0].Fingerprint);
    }

    [Fact]
    public void The_comparison_tells_a_wrong_model_apart()
    {
        // The uniform model's export against the same architecture with another topology and its own training, and
        // against itself run on unstandardised pixels: both must be far outside the tolerance.
        ISparseModel model = models.Get("uniform");
        float[][] actual = Ort.Run(Ort.Export(model, new OnnxExportOptions { Standardization = models.Mnist.Standardization }), models.Mnist.RawTest);
        ISparseModel other = OnnxModels.Trained(OnnxModels.Generic(ConnectivityPattern.Uniform, 0.1, seed: 8), models.Mnist.Train);
        Assert.True(Ort.MaxDifference(actual, Ort.Predict(other, models.Mnist.Test)) > 1e-2);
        Assert.True(Ort.MaxDifference(actual, Ort.Predict(model, models.Mnist.RawTest)) > 1e-2);
    }
}
