using System;
using System.Numerics.Tensors;

namespace SparseGen;

/// <summary>
/// An affine rescaling of the features, <c>x' = (x - offset) / scale</c>, fitted on the training split only and
/// applied unchanged to every split, so no statistic of the validation or test data leaks into training.
/// </summary>
public sealed class FeatureScaler
{
    private readonly float[] _offset;
    private readonly float[] _scale;

    private FeatureScaler(float[] offset, float[] scale)
    {
        _offset = offset;
        _scale = scale;
    }

    /// <summary>The value subtracted from each feature (one value when the scaler is global).</summary>
    public ReadOnlySpan<float> Offsets => _offset;

    /// <summary>The divisor of each feature (one value when the scaler is global).</summary>
    public ReadOnlySpan<float> Scales => _scale;

    /// <summary>Min-max scaling of each feature to [0, 1] over <paramref name="train"/>; a constant feature is only shifted.</summary>
    public static FeatureScaler FitMinMax(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var min = new float[train.FeatureCount];
        var max = new float[train.FeatureCount];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        for (int s = 0; s < train.Count; s++)
        {
            ReadOnlySpan<float> x = train.Features(s);
            for (int f = 0; f < x.Length; f++)
            {
                min[f] = Math.Min(min[f], x[f]);
                max[f] = Math.Max(max[f], x[f]);
            }
        }

        var range = new float[train.FeatureCount];
        for (int f = 0; f < range.Length; f++)
        {
            range[f] = max[f] > min[f] ? max[f] - min[f] : 1f;
        }

        return new FeatureScaler(min, range);
    }

    /// <summary>
    /// Standard scaling to mean 0 and standard deviation 1 over <paramref name="train"/>: per feature, or with one
    /// mean and deviation over all values when <paramref name="perFeature"/> is false (the usual choice for image
    /// pixels, e.g. MNIST's 0.1307 and 0.3081). A constant feature is only shifted.
    /// </summary>
    public static FeatureScaler FitStandard(Dataset train, bool perFeature = true)
    {
        ArgumentNullException.ThrowIfNull(train);
        int width = perFeature ? train.FeatureCount : 1;
        var sum = new double[width];
        var squares = new double[width];
        // The sums run in sample-major order whatever the width, so the statistics stay bit for bit those of one
        // loop over every value; without a modulo per value (two integer divisions), which took most of the time.
        if (perFeature)
        {
            for (int s = 0; s < train.Count; s++)
            {
                ReadOnlySpan<float> x = train.Features(s);
                for (int f = 0; f < x.Length; f++)
                {
                    sum[f] += x[f];
                    squares[f] += (double)x[f] * x[f];
                }
            }
        }
        else
        {
            double total = 0, totalSquares = 0;
            foreach (float v in train.AllFeatures)
            {
                total += v;
                totalSquares += (double)v * v;
            }

            sum[0] = total;
            squares[0] = totalSquares;
        }

        double count = perFeature ? train.Count : (double)train.Count * train.FeatureCount;
        var mean = new float[width];
        var deviation = new float[width];
        for (int f = 0; f < width; f++)
        {
            double m = sum[f] / count;
            double sd = Math.Sqrt(Math.Max(0, (squares[f] / count) - (m * m)));
            mean[f] = (float)m;
            deviation[f] = sd > 0 ? (float)sd : 1f;
        }

        return new FeatureScaler(mean, deviation);
    }

    /// <summary>Returns a rescaled copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The scaler was fitted on another feature count; the message names both.</exception>
    public Dataset Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_offset.Length != 1 && _offset.Length != data.FeatureCount)
        {
            throw new ArgumentException($"The scaler was fitted on {_offset.Length} features; the data set has {data.FeatureCount}.", nameof(data));
        }

        // (x - offset) / scale for each value, as vectors: each value's two roundings are those of the scalar formula.
        ReadOnlySpan<float> source = data.AllFeatures;
        var scaled = new float[source.Length];
        if (_offset.Length == 1)
        {
            TensorPrimitives.Subtract(source, _offset[0], scaled);
            TensorPrimitives.Divide(scaled, _scale[0], scaled);
        }
        else
        {
            for (int start = 0; start < scaled.Length; start += data.FeatureCount)
            {
                Span<float> row = scaled.AsSpan(start, data.FeatureCount);
                TensorPrimitives.Subtract(source.Slice(start, data.FeatureCount), _offset, row);
                TensorPrimitives.Divide(row, _scale, row);
            }
        }

        return data.WithFeatures(scaled);
    }
}
