using System;
using System.Collections.Generic;
using System.Globalization;

namespace SparseGen;

/// <summary>
/// The training and test splits that a <see cref="TrainingRecipe"/> trains and evaluates on, and how their inputs
/// were scaled. Standardised splits are scaled the way the papers' MNIST runs are: one mean and one standard
/// deviation over every input of the training split (<see cref="FeatureScaler.FitStandard"/> with
/// <c>perFeature: false</c>), applied to both splits; a checkpoint records them as <c>preprocessing.mean</c> and
/// <c>preprocessing.std</c> (<see cref="PreprocessingMetadata"/>) so that inference scales its inputs the same way.
/// </summary>
public sealed class TrainingData
{
    private TrainingData(Dataset train, Dataset test, FeatureScaler? scaler)
    {
        if (test.FeatureCount != train.FeatureCount || test.ClassCount != train.ClassCount)
        {
            throw new ArgumentException($"The test split has {test.FeatureCount} features and {test.ClassCount} classes, the training split {train.FeatureCount} and {train.ClassCount}; they must agree.", nameof(test));
        }

        Train = train;
        Test = test;
        Scaler = scaler;
    }

    /// <summary>The samples training steps on (standardised when <see cref="Scaler"/> is set).</summary>
    public Dataset Train { get; }

    /// <summary>The samples each epoch is evaluated on (scaled as <see cref="Train"/>).</summary>
    public Dataset Test { get; }

    /// <summary>The standardisation fitted on the training split and applied to both; null when the inputs are as read.</summary>
    public FeatureScaler? Scaler { get; }

    /// <summary>The mean subtracted from every input: the training split's when standardised, else 0.</summary>
    public float InputMean => Scaler is null ? 0f : Scaler.Offsets[0];

    /// <summary>The standard deviation every input was divided by: the training split's when standardised, else 1.</summary>
    public float InputStd => Scaler is null ? 1f : Scaler.Scales[0];

    /// <summary>The splits as given, inputs not rescaled.</summary>
    /// <exception cref="ArgumentNullException">A split is null.</exception>
    /// <exception cref="ArgumentException">The splits differ in feature or class count.</exception>
    public static TrainingData AsGiven(Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        return new TrainingData(train, test, null);
    }

    /// <summary>Both splits standardised with the training split's mean and standard deviation over all its inputs.</summary>
    /// <exception cref="ArgumentNullException">A split is null.</exception>
    /// <exception cref="ArgumentException">The splits differ in feature or class count.</exception>
    public static TrainingData Standardized(Dataset train, Dataset test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        FeatureScaler scaler = FeatureScaler.FitStandard(train, perFeature: false);
        return new TrainingData(scaler.Transform(train), scaler.Transform(test), scaler);
    }

    /// <summary>
    /// Reads the <c>train-*</c> and <c>test-*</c> (or <c>t10k-*</c>) IDX files of <paramref name="folder"/>
    /// (<see cref="IdxDataset.LoadSplits"/>), keeps the first <paramref name="trainSamples"/> and
    /// <paramref name="testSamples"/> of them when given, and standardises both when <paramref name="standardize"/>
    /// (the statistics of the samples kept).
    /// </summary>
    /// <param name="folder">The folder of the IDX files, raw or <c>.gz</c>.</param>
    /// <param name="standardize">Whether to standardise (see <see cref="Standardized"/>); the inputs stay as read (pixels in [0, 1]) otherwise.</param>
    /// <param name="trainSamples">How many training samples to keep, from the first; null keeps all.</param>
    /// <param name="testSamples">How many test samples to keep, from the first; null keeps all.</param>
    /// <exception cref="System.IO.IOException">A file cannot be read (a missing folder or file included).</exception>
    /// <exception cref="System.IO.InvalidDataException">A file is malformed or the splits disagree (see <see cref="IdxDataset.LoadSplits"/>).</exception>
    /// <exception cref="ArgumentException">More samples are asked for than a split holds, or fewer than 1; the message says how many it holds.</exception>
    public static TrainingData LoadIdx(string folder, bool standardize, int? trainSamples = null, int? testSamples = null)
    {
        var (train, test) = IdxDataset.LoadSplits(folder);
        train = First(train, trainSamples, "training");
        test = First(test, testSamples, "test");
        return standardize ? Standardized(train, test) : AsGiven(train, test);
    }

    /// <summary>
    /// Why the first <paramref name="trainSamples"/> and <paramref name="testSamples"/> images cannot be taken from the
    /// IDX files of <paramref name="folder"/>, or null: the counts are checked against the image files' headers
    /// (<see cref="IdxDataset.ImageCounts"/>), so a command line can refuse a subset before any data loads.
    /// </summary>
    /// <param name="folder">The folder of the IDX files, raw or <c>.gz</c>.</param>
    /// <param name="trainSamples">Training samples asked for; null asks for all.</param>
    /// <param name="testSamples">Test samples asked for; null asks for all.</param>
    /// <exception cref="System.IO.IOException">The folder or an image file cannot be read.</exception>
    /// <exception cref="System.IO.InvalidDataException">An image file's header is malformed.</exception>
    public static string? SubsetProblem(string folder, int? trainSamples, int? testSamples)
    {
        if (trainSamples is null && testSamples is null)
        {
            return null;
        }

        var (train, test) = IdxDataset.ImageCounts(folder);
        return trainSamples > train ? string.Create(CultureInfo.InvariantCulture, $"{trainSamples} training samples were asked for, but the training split of '{folder}' holds {train}; ask for at most that many.")
            : testSamples > test ? string.Create(CultureInfo.InvariantCulture, $"{testSamples} test samples were asked for, but the test split of '{folder}' holds {test}; ask for at most that many.")
            : null;
    }

    /// <summary>
    /// The checkpoint metadata that records the standardisation: <c>preprocessing.mean</c> and <c>preprocessing.std</c>,
    /// each the float's round-trip text in the invariant culture; empty when the inputs were not rescaled.
    /// </summary>
    public IReadOnlyDictionary<string, string> PreprocessingMetadata() => Scaler is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>
        {
            ["preprocessing.mean"] = InputMean.ToString("R", CultureInfo.InvariantCulture),
            ["preprocessing.std"] = InputStd.ToString("R", CultureInfo.InvariantCulture),
        };

    private static Dataset First(Dataset data, int? count, string split) => count switch
    {
        null => data,
        int n when n > data.Count || n < 1 => throw new ArgumentException($"{n} {split} samples were asked for, but the data hold {data.Count}."),
        int n => data.Take(n),
    };
}
