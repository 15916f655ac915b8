using System;

namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// Softmax over one sample's units and its backward pass, written once for the CPU and for device kernels. Each
/// statement reads a column element into a local before writing one: ILGPU 1.5's front end fails on an indexer
/// read and write of the same generic column in one expression.
/// </summary>
public static class SoftmaxMath
{
    /// <summary>
    /// <c>a_j = e^(z_j - max z) / sum_k e^(z_k - max z)</c>, shifted by the maximum for stability;
    /// <paramref name="z"/> and <paramref name="a"/> may be the same column.
    /// </summary>
    public static void Forward<TColumn>(TColumn z, TColumn a)
        where TColumn : IFeatureColumn, allows ref struct
    {
        int units = z.Units;
        float max = float.NegativeInfinity;
        for (int j = 0; j < units; j++)
        {
            max = MathF.Max(max, z[j]);
        }

        float sum = 0;
        for (int j = 0; j < units; j++)
        {
            float e = MathF.Exp(z[j] - max);
            a[j] = e;
            sum += e;
        }

        float scale = 1 / sum;
        for (int j = 0; j < units; j++)
        {
            float v = a[j] * scale;
            a[j] = v;
        }
    }

    /// <summary>Turns <c>g = dL/da</c> into <c>dL/dz</c> in place: <c>a_j (g_j - sum_k g_k a_k)</c>.</summary>
    public static void Backward<TColumn>(TColumn a, TColumn gradient)
        where TColumn : IFeatureColumn, allows ref struct
    {
        int units = a.Units;
        float dot = 0;
        for (int j = 0; j < units; j++)
        {
            float g = gradient[j];
            dot += g * a[j];
        }

        for (int j = 0; j < units; j++)
        {
            float g = a[j] * (gradient[j] - dot);
            gradient[j] = g;
        }
    }
}
