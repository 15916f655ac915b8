using SparseGen;
using SparseGen.Core.Random;
using SparseGen.Kernels;

namespace SparseGen.Tests.Numerics;

/// <summary>Masked dense reference math in double precision, written from the definitions, not from the kernels.</summary>
internal static class Reference
{
    /// <summary>The <c>nout x nin</c> weight matrix with each weight at the (j, i) place of the edge the kernel says it belongs to, zeros elsewhere.</summary>
    public static double[,] MaskedWeights(ILayerKernel kernel, float[] weights)
    {
        var (inputs, outputs) = WeightEdges(kernel);
        var w = new double[kernel.Units, kernel.Inputs];
        for (int s = 0; s < weights.Length; s++)
        {
            w[outputs[s], inputs[s]] = weights[s];
        }

        return w;
    }

    public static (int[] Inputs, int[] Outputs) WeightEdges(ILayerKernel kernel)
    {
        var inputs = new int[kernel.EdgeCount];
        var outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, outputs);
        return (inputs, outputs);
    }

    /// <summary>For each weight slot of <paramref name="kernel"/>, the index of its edge in canonical order of <paramref name="topology"/>.</summary>
    public static int[] CanonicalIndex(ILayerKernel kernel, SparseGen.Topology topology)
    {
        var position = topology.Edges.Select((edge, e) => (edge, e)).ToDictionary(x => x.edge, x => x.e);
        var (inputs, outputs) = WeightEdges(kernel);
        return Enumerable.Range(0, kernel.EdgeCount).Select(s => position[(inputs[s], outputs[s])]).ToArray();
    }

    public static double[] Forward(double[,] w, float[] bias, float[] x, int batch)
    {
        int nout = w.GetLength(0), nin = w.GetLength(1);
        var z = new double[nout * batch];
        for (int j = 0; j < nout; j++)
        {
            for (int b = 0; b < batch; b++)
            {
                double sum = bias[j];
                for (int i = 0; i < nin; i++)
                {
                    sum += w[j, i] * x[(i * batch) + b];
                }

                z[(j * batch) + b] = sum;
            }
        }

        return z;
    }

    public static float[] Random(int length, ulong seed, float scale = 1f)
    {
        var rng = new Xoshiro256StarStar(seed);
        var values = new float[length];
        for (int k = 0; k < length; k++)
        {
            values[k] = ((2 * rng.NextSingle()) - 1) * scale;
        }

        return values;
    }

    public static void Close(double expected, double actual, double relative = 1e-5, double absolute = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= absolute + (relative * Math.Abs(expected)), $"expected {expected}, actual {actual}");
}
