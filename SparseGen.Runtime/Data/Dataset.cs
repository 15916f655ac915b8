using System;

namespace SparseGen;

/// <summary>
/// A labelled classification data set held in memory: features sample-major, <c>[count, featureCount]</c>,
/// and one class index per sample.
/// </summary>
public sealed class Dataset
{
    private readonly float[] _features;
    private readonly int[] _labels;

    /// <summary>Creates a data set; the arrays are used, not copied.</summary>
    /// <param name="features">Sample-major values, length <c>labels.Length * featureCount</c>.</param>
    /// <param name="featureCount">Number of features per sample, at least 1.</param>
    /// <param name="labels">Class index of each sample, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    /// <exception cref="ArgumentException">The lengths do not agree or a label is outside [0, classCount); the message names both values.</exception>
    public Dataset(float[] features, int featureCount, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (features.Length != (long)labels.Length * featureCount)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * featureCount} feature values ({featureCount} each), but {features.Length} were given.", nameof(features));
        }

        for (int s = 0; s < labels.Length; s++)
        {
            if ((uint)labels[s] >= (uint)classCount)
            {
                throw new ArgumentException($"Sample {s} has label {labels[s]}, outside [0, {classCount}).", nameof(labels));
            }
        }

        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Features(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);

    /// <summary>The class index of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Returns the first <paramref name="count"/> samples as a new data set (copies).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, Count].</exception>
    public Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return new Dataset(_features.AsSpan(0, count * FeatureCount).ToArray(), FeatureCount, _labels.AsSpan(0, count).ToArray(), ClassCount);
    }

    /// <summary>The mean and the population standard deviation of every feature value of every sample together.</summary>
    public (double Mean, double StandardDeviation) Statistics()
    {
        double sum = 0, squares = 0;
        foreach (float v in _features)
        {
            sum += v;
            squares += (double)v * v;
        }

        double mean = sum / _features.Length;
        return (mean, Math.Sqrt(Math.Max(0, (squares / _features.Length) - (mean * mean))));
    }

    /// <summary>
    /// Returns a copy whose features are <c>(x - mean) / standardDeviation</c>. Fit the statistics on the training
    /// split only (<see cref="Statistics"/>) and apply them to every split, as for MNIST's usual (0.1307, 0.3081).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="standardDeviation"/> is not positive.</exception>
    public Dataset Standardize(double mean, double standardDeviation)
    {
        if (!(standardDeviation > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be positive; a constant data set cannot be standardised.");
        }

        var scaled = new float[_features.Length];
        for (int k = 0; k < scaled.Length; k++)
        {
            scaled[k] = (float)((_features[k] - mean) / standardDeviation);
        }

        return new Dataset(scaled, FeatureCount, _labels, ClassCount);
    }

    /// <summary>
    /// Writes the samples <paramref name="indices"/> as a feature-major batch <c>[featureCount, batch]</c> into
    /// <paramref name="features"/>, and their one-hot labels <c>[classCount, batch]</c> into <paramref name="oneHot"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A destination's length is not the one the batch needs.</exception>
    public void CopyBatch(ReadOnlySpan<int> indices, Span<float> features, Span<float> oneHot)
    {
        int batch = indices.Length;
        KernelChecks.Length(nameof(features), features.Length, (long)FeatureCount * batch);
        KernelChecks.Length(nameof(oneHot), oneHot.Length, (long)ClassCount * batch);
        oneHot.Clear();
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> sample = Features(indices[b]);
            for (int f = 0; f < sample.Length; f++)
            {
                features[(f * batch) + b] = sample[f];
            }

            oneHot[(_labels[indices[b]] * batch) + b] = 1f;
        }
    }
}
