using System.Globalization;
using System.Runtime.InteropServices;

namespace SparseGen.Cli.Tests;

public sealed class ExportTests
{
    [Fact]
    public void Export_writes_the_checkpoint_as_ONNX_with_its_standardisation()
    {
        string folder = Cli.TempFolder();
        string checkpoint = Path.Combine(folder, "model.safetensors"), onnx = Path.Combine(folder, "model.onnx");
        var trained = Cli.Run("train", "--train-samples", "300", "--test-samples", "100", "--epochs", "1", "--hidden", "32", "--density", "0.2", "--save", checkpoint);
        Assert.True(trained.Code == 0, trained.Error);

        var (code, output, error) = Cli.Run("export", checkpoint, "--onnx", onnx);
        Assert.True(code == 0, error);
        Assert.Contains($"wrote {onnx}", output, StringComparison.Ordinal);

        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        Assert.Equal(["Sub", "Div", "MatMul", "Add", "Relu", "MatMul", "Add", "Softmax"], proto.Graph.Node.Select(n => n.OpType));
        IReadOnlyDictionary<string, string> meta = Checkpoint.ReadMetadata(checkpoint);
        Assert.Equal(float.Parse(meta["preprocessing.mean"], CultureInfo.InvariantCulture), Scalar(proto, "standardization.mean"));
        Assert.Equal(float.Parse(meta["preprocessing.std"], CultureInfo.InvariantCulture), Scalar(proto, "standardization.std"));

        // The hidden weights sit on the checkpoint's edges: as many non-zeros as edges (a trained weight is never exactly 0 here), none elsewhere.
        Topology hidden = Checkpoint.ReadTopologies(checkpoint)["Hidden1"];
        float[] weights = Floats(proto, "Hidden1.weight");
        Assert.Equal(784 * 32, weights.Length);
        Assert.Equal(hidden.EdgeCount, weights.Count(w => w != 0));
        Assert.True(new FileInfo(onnx).Length > 784 * 32 * 4);

        var sparse = Cli.Run("export", checkpoint, "--onnx", Path.Combine(folder, "sparse.onnx"), "--sparse-initializers");
        Assert.True(sparse.Code == 0, sparse.Error);
        Assert.Equal("Hidden1.weight", Assert.Single(global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "sparse.onnx"))).Graph.SparseInitializer).Values.Name);
    }

    [Fact]
    public void Export_refuses_bad_paths_in_one_line_before_any_work()
    {
        string folder = Cli.TempFolder();
        string notCheckpoint = Path.Combine(folder, "not.safetensors");
        File.WriteAllText(notCheckpoint, "not a checkpoint");

        AssertOneLine(Cli.Run("export", Path.Combine(folder, "missing.safetensors"), "--onnx", Path.Combine(folder, "m.onnx")), 2, "does not exist");
        AssertOneLine(Cli.Run("export", notCheckpoint, "--onnx", Path.Combine(folder, "no-such-folder", "m.onnx")), 2, "--onnx");
        AssertOneLine(Cli.Run("export", notCheckpoint, "--onnx", folder), 2, "is a folder");
        AssertOneLine(Cli.Run("export", notCheckpoint), 2, "--onnx");
        AssertOneLine(Cli.Run("export", notCheckpoint, "--onnx", Path.Combine(folder, "m.onnx")), 1, "not.safetensors");
        Assert.False(File.Exists(Path.Combine(folder, "m.onnx")));
    }

    private static void AssertOneLine((int Code, string Output, string Error) result, int code, string expected)
    {
        Assert.Equal(code, result.Code);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static float[] Floats(global::Onnx.ModelProto proto, string name) =>
        MemoryMarshal.Cast<byte, float>(proto.Graph.Initializer.Single(t => t.Name == name).RawData.Span).ToArray();

    private static float Scalar(global::Onnx.ModelProto proto, string name) => Assert.Single(Floats(proto, name));
}
