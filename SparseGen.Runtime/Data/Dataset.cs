using System;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Core;
using SparseGen.Data;

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
    /// <param name="labels">Class index of each sample, in [0, <paramref name="classCount"/>); at least one sample.</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    /// <exception cref="ArgumentException">There is no sample, the lengths do not agree, or a label is outside [0, classCount); the message names both values.</exception>
    public Dataset(float[] features, int featureCount, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (labels.Length == 0)
        {
            throw new ArgumentException("A data set needs at least one sample; statistics and losses over none are undefined.", nameof(labels));
        }

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

    /// <summary>The class index of sample <paramref name="index"/>, in [0, <see cref="ClassCount"/>); see <see cref="Labels"/> for all of them.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="Count"/>).</exception>
    public int Label(int index) => _labels[index];

    /// <summary>Every sample's class index, in [0, <see cref="ClassCount"/>), in sample order: length <see cref="Count"/>, read-only.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Returns the first <paramref name="count"/> samples as a new data set (copies).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in [1, Count].</exception>
    public Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var first = new int[count];
        for (int s = 0; s < count; s++)
        {
            first[s] = s;
        }

        return Subset(first);
    }

    /// <summary>All features, sample-major (<c>Count * FeatureCount</c> values).</summary>
    internal ReadOnlySpan<float> AllFeatures => _features;

    /// <summary>A data set of the same samples' labels with <paramref name="features"/> (same length) as their features.</summary>
    internal Dataset WithFeatures(float[] features) => new(features, FeatureCount, _labels, ClassCount);

    /// <summary>Returns a copy whose feature <c>f</c> of every sample is <c>map(f, x)</c>.</summary>
    public Dataset Map(Func<int, float, float> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var mapped = new float[_features.Length];
        for (int k = 0; k < mapped.Length; k++)
        {
            mapped[k] = map(k % FeatureCount, _features[k]);
        }

        return new Dataset(mapped, FeatureCount, _labels, ClassCount);
    }

    /// <summary>
    /// Splits the samples at random into a training and a validation set: a seeded Fisher-Yates shuffle
    /// (<see cref="Xoshiro256StarStar"/>), then the first <c>round(fraction * Count)</c> go to validation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="validationFraction"/> leaves either part empty.</exception>
    public (Dataset Train, Dataset Validation) Split(double validationFraction, ulong seed)
    {
        int validation = (int)Math.Round(validationFraction * Count, MidpointRounding.ToEven);
        if (!(validationFraction > 0 && validationFraction < 1) || validation < 1 || validation >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"The validation fraction must leave both parts of the {Count} samples non-empty.");
        }

        var order = new int[Count];
        for (int s = 0; s < Count; s++)
        {
            order[s] = s;
        }

        new Xoshiro256StarStar(seed).Shuffle(order);
        return (Subset(order.AsSpan(validation)), Subset(order.AsSpan(0, validation)));
    }

    /// <summary>The labels one-hot encoded, sample-major: <c>[Count, ClassCount]</c>.</summary>
    public float[] OneHotLabels()
    {
        var oneHot = new float[(long)Count * ClassCount];
        for (int s = 0; s < Count; s++)
        {
            oneHot[((long)s * ClassCount) + _labels[s]] = 1f;
        }

        return oneHot;
    }

    private Dataset Subset(ReadOnlySpan<int> samples)
    {
        var features = new float[samples.Length * FeatureCount];
        var labels = new int[samples.Length];
        for (int k = 0; k < samples.Length; k++)
        {
            Features(samples[k]).CopyTo(features.AsSpan(k * FeatureCount));
            labels[k] = _labels[samples[k]];
        }

        return new Dataset(features, FeatureCount, labels, ClassCount);
    }

    /// <summary>
    /// Writes the samples <paramref name="indices"/> as a feature-major batch <c>[featureCount, batch]</c> into
    /// <paramref name="features"/>, and their one-hot labels <c>[classCount, batch]</c> into <paramref name="oneHot"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A destination's length is not the one the batch needs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="Count"/>).</exception>
    public void CopyBatch(ReadOnlySpan<int> indices, Span<float> features, Span<float> oneHot)
    {
        int batch = indices.Length;
        Checks.Length(nameof(features), features.Length, (long)FeatureCount * batch);
        Checks.Length(nameof(oneHot), oneHot.Length, (long)ClassCount * batch);
        oneHot.Clear();
        for (int b = 0; b < batch; b++)
        {
            int sample = indices[b];
            if ((uint)sample >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {b} names sample {sample}, outside [0, {Count}).");
            }

            oneHot[(_labels[sample] * batch) + b] = 1f;
        }

        FeatureMajor.Gather(_features, FeatureCount, indices, features);
    }
}
