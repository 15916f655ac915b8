using System;
using System.IO;
using System.Linq;
using SparseGen.Data;

namespace SparseGen;

/// <summary>
/// Loads image classification data stored as IDX files, as MNIST and Fashion-MNIST are distributed: a folder
/// holding <c>train-images*</c>, <c>train-labels*</c>, <c>test-images*</c> and <c>test-labels*</c> (raw or
/// gzip). Pixels are scaled from [0, 255] to [0, 1]; labels are class indices.
/// </summary>
public static class IdxDataset
{
    /// <summary>Loads the training and test splits from <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the four files is missing; the message lists what the folder must hold.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or images and labels disagree in count; the message names the files.</exception>
    public static (Dataset Train, Dataset Test) LoadSplits(string directory)
    {
        var train = Read(directory, "train");
        var test = Read(directory, "test");
        int classes = ClassCount(train.Labels, test.Labels);
        return (train.ToDataset(classes), test.ToDataset(classes));
    }

    /// <summary>Loads one split (<c>train</c> or <c>test</c>) from <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The split's image or label file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or images and labels disagree in count.</exception>
    public static Dataset Load(string directory, string split)
    {
        var data = Read(directory, split);
        return data.ToDataset(ClassCount(data.Labels));
    }

    private static int ClassCount(params int[][] labels) => Math.Max(2, labels.SelectMany(l => l).DefaultIfEmpty(0).Max() + 1);

    private static Split Read(string directory, string split)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Data folder '{directory}' does not exist.");
        }

        string imagesPath = Find(directory, split + "-images");
        string labelsPath = Find(directory, split + "-labels");
        var (imageDims, pixels) = IdxReader.Read(imagesPath);
        var (labelDims, labelBytes) = IdxReader.Read(labelsPath);
        if (imageDims.Length < 2)
        {
            throw new InvalidDataException($"{imagesPath}: images need at least 2 dimensions (count x features...), found {imageDims.Length}.");
        }

        if (labelDims.Length != 1)
        {
            throw new InvalidDataException($"{labelsPath}: labels need 1 dimension, found {labelDims.Length}.");
        }

        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels; they must be equal.");
        }

        int features = imageDims.Skip(1).Aggregate(1, (a, b) => a * b);
        var values = new float[pixels.Length];
        for (int k = 0; k < pixels.Length; k++)
        {
            values[k] = pixels[k] / 255f;
        }

        return new Split(values, features, labelBytes.Select(b => (int)b).ToArray());
    }

    private static string Find(string directory, string prefix)
    {
        string? path = Directory.EnumerateFiles(directory, prefix + "*").Order(StringComparer.Ordinal).FirstOrDefault();
        return path ?? throw new FileNotFoundException(
            $"No '{prefix}*' file in '{directory}'. The folder must hold train-images, train-labels, test-images and test-labels IDX files (raw or .gz), as MNIST does.",
            Path.Combine(directory, prefix));
    }

    private sealed record Split(float[] Features, int FeatureCount, int[] Labels)
    {
        public Dataset ToDataset(int classCount) => new(Features, FeatureCount, Labels, classCount);
    }
}
