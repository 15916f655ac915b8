using SparseGen;

namespace SparseGen.Tests.Numerics;

/// <summary>Masked dense reference math in double precision, written from the definitions, not from the kernels.</summary>
internal static class Reference
{
    /// <summary>The <c>nout x nin</c> weight matrix with the edge weights at their (j, i) places and zeros elsewhere.</summary>
    public static double[,] MaskedWeights(SparseGen.Topology topology, float[] weights)
    {
        var w = new double[topology.Outputs, topology.Inputs];
        int e = 0;
        foreach (var (i, j) in topology.Edges)
        {
            w[j, i] = weights[e++];
        }

        return w;
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
