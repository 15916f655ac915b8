using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SparseGen;

namespace SparseGen.Onnx.Tests;

/// <summary>Runs exported models with ONNX Runtime and SparseGen side by side.</summary>
internal static class Ort
{
    /// <summary>ONNX Runtime's outputs for <paramref name="data"/>'s samples as one batch-major [N, features] batch, row by row.</summary>
    public static float[][] Run(byte[] onnx, Dataset data)
    {
        var input = new float[data.Count * data.FeatureCount];
        for (int s = 0; s < data.Count; s++)
        {
            data.Features(s).CopyTo(input.AsSpan(s * data.FeatureCount));
        }

        using var session = new InferenceSession(onnx);
        var tensor = new DenseTensor<float>(input, [data.Count, data.FeatureCount]);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, tensor)]);
        DisposableNamedOnnxValue output = Assert.Single(results);
        Assert.Equal(OnnxExport.OutputName, output.Name);
        float[] values = output.AsEnumerable<float>().ToArray();
        Assert.Equal(0, values.Length % data.Count);
        int width = values.Length / data.Count;
        return Enumerable.Range(0, data.Count).Select(s => values.AsSpan(s * width, width).ToArray()).ToArray();
    }

    /// <summary>SparseGen's own single-sample Predict of every sample.</summary>
    public static float[][] Predict(ISparseModel model, Dataset data) => Enumerable.Range(0, data.Count).Select(s =>
    {
        var output = new float[model.OutputCount];
        model.Predict(data.Features(s), output);
        return output;
    }).ToArray();

    /// <summary>The largest absolute difference between two sets of outputs of the same shape.</summary>
    public static double MaxDifference(float[][] a, float[][] b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int s = 0; s < a.Length; s++)
        {
            Assert.Equal(a[s].Length, b[s].Length);
            for (int k = 0; k < a[s].Length; k++)
            {
                max = Math.Max(max, Math.Abs(a[s][k] - b[s][k]));
            }
        }

        return max;
    }

    /// <summary>The fraction of samples whose largest output is at their label.</summary>
    public static double Accuracy(float[][] outputs, Dataset data) =>
        Enumerable.Range(0, data.Count).Count(s => Array.IndexOf(outputs[s], outputs[s].Max()) == data.Label(s)) / (double)data.Count;

    /// <summary>The model's ONNX bytes.</summary>
    public static byte[] Export(ISparseModel model, OnnxExportOptions? options = null)
    {
        using var stream = new MemoryStream();
        OnnxExport.Write(model, stream, options);
        return stream.ToArray();
    }
}
