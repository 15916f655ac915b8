using System;
using System.IO;
using System.Linq;
using SparseGen.Data;

namespace SparseGen;

/// <summary>
/// Loads image classification data stored as IDX files, as MNIST and Fashion-MNIST are distributed: a folder
/// holding <c>train-images*</c>, <c>train-labels*</c>, and <c>test-images*</c> and <c>test-labels*</c> or, under
/// the original names, <c>t10k-images*</c> and <c>t10k-labels*</c> (raw or gzip). Pixels are scaled from
/// [0, 255] to [0, 1]; labels are class indices.
/// </summary>
/// <remarks>
/// IDX files do not record the number of classes; it is implied by the labels, which must be the indices
/// <c>0 .. K - 1</c>, each used at least once in the training labels (or the one split loaded). A label past a
/// class no sample has, such as one corrupt byte of 200 among digits, is refused rather than read as 201 classes;
/// test labels must be below the training split's <c>K</c>.
/// </remarks>
public static class IdxDataset
{
    /// <summary>Loads the training and test splits from <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">One of the four files is missing; the message lists what the folder must hold.</exception>
    /// <exception cref="InvalidDataException">A file is malformed (see <see cref="IdxReader.Read"/>), a split has no
    /// images, images and labels disagree in count, the splits' images differ in size, or a label is outside the
    /// classes the labels imply; the message names the files and, for a label, its byte offset.</exception>
    public static (Dataset Train, Dataset Test) LoadSplits(string directory)
    {
        Split train = Read(directory, "train");
        Split test = Read(directory, "test");
        if (test.FeatureCount != train.FeatureCount)
        {
            throw new InvalidDataException($"{test.ImagesPath} holds images of {test.FeatureCount} pixels, but {train.ImagesPath} holds images of {train.FeatureCount}; both splits need the same image size.");
        }

        int classes = train.ImpliedClassCount();
        test.CheckLabelsBelow(classes, $"the training labels in {train.LabelsPath} imply {classes} classes");
        return (train.ToDataset(classes), test.ToDataset(classes));
    }

    /// <summary>Loads one split, <c>train</c> or <c>test</c>, from <paramref name="directory"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="split"/> is neither <c>train</c> nor <c>test</c>.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The split's image or label file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the split has no images, images and labels
    /// disagree in count, or a label is outside the classes the labels imply.</exception>
    public static Dataset Load(string directory, string split)
    {
        if (split is not ("train" or "test"))
        {
            throw new ArgumentException($"The split must be 'train' or 'test', not '{split}'.", nameof(split));
        }

        Split data = Read(directory, split);
        return data.ToDataset(data.ImpliedClassCount());
    }

    /// <summary>
    /// The features of one image of the training split in <paramref name="directory"/> (the product of its image
    /// dimensions after the count), read from the image file's header alone: what a caller checks a network against
    /// before <see cref="LoadSplits"/> reads the data.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">There is no training image file.</exception>
    /// <exception cref="InvalidDataException">Its header is malformed (see <see cref="IdxReader.ReadDimensions"/>) or has fewer than 2 dimensions.</exception>
    public static int TrainFeatureCount(string directory)
    {
        int[] dimensions = ImageDimensions(directory, ["train"], out string imagesPath);
        if (dimensions.Length < 2)
        {
            throw new InvalidDataException($"{imagesPath}: images need at least 2 dimensions (count x features...), found {dimensions.Length}.");
        }

        long features = 1;
        foreach (int d in dimensions[1..])
        {
            features *= d;
            if (features > Array.MaxLength)
            {
                throw new InvalidDataException($"{imagesPath}: an image of {string.Join(" x ", dimensions[1..])} pixels has more than {Array.MaxLength} features.");
            }
        }

        return (int)features;
    }

    /// <summary>
    /// The number of images in the training and in the test split of <paramref name="directory"/>, read from the image
    /// files' headers alone: what a caller checks a requested subset against before <see cref="LoadSplits"/> reads the data.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A split's image file is missing.</exception>
    /// <exception cref="InvalidDataException">A header is malformed (see <see cref="IdxReader.ReadDimensions"/>, which refuses a header of no dimension).</exception>
    public static (int Train, int Test) ImageCounts(string directory) =>
        (ImageDimensions(directory, ["train"], out _)[0], ImageDimensions(directory, ["test", "t10k"], out _)[0]);

    /// <summary>The dimensions in the header of a split's image file (the first file named by one of <paramref name="prefixes"/>), read without the data.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">There is no such image file.</exception>
    /// <exception cref="InvalidDataException">Its header is malformed (see <see cref="IdxReader.ReadDimensions"/>).</exception>
    private static int[] ImageDimensions(string directory, string[] prefixes, out string imagesPath)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Data folder '{directory}' does not exist.");
        }

        imagesPath = Find(directory, prefixes, "images");
        return IdxReader.ReadDimensions(imagesPath);
    }

    private static Split Read(string directory, string split)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Data folder '{directory}' does not exist.");
        }

        string[] prefixes = split == "test" ? ["test", "t10k"] : [split];
        string imagesPath = Find(directory, prefixes, "images");
        string labelsPath = Find(directory, prefixes, "labels");
        var (imageDims, pixels) = IdxReader.Read(imagesPath);
        var (labelDims, labels) = IdxReader.Read(labelsPath);
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

        if (imageDims[0] == 0 || pixels.Length == 0)
        {
            throw new InvalidDataException($"{imagesPath}: the file holds no data ({string.Join(" x ", imageDims)}); a split needs at least one image of at least one pixel.");
        }

        // pixel / 255f by table: the same values without a division each.
        Span<float> scale = stackalloc float[256];
        for (int p = 0; p < scale.Length; p++)
        {
            scale[p] = p / 255f;
        }

        var values = new float[pixels.Length];
        for (int k = 0; k < pixels.Length; k++)
        {
            values[k] = scale[pixels[k]];
        }

        return new Split(imagesPath, labelsPath, values, pixels.Length / imageDims[0], labels);
    }

    private static string Find(string directory, string[] prefixes, string kind)
    {
        string? path = prefixes.Select(p => Directory.EnumerateFiles(directory, $"{p}-{kind}*").Order(StringComparer.Ordinal).FirstOrDefault()).FirstOrDefault(p => p is not null);
        return path ?? throw new FileNotFoundException(
            $"No {string.Join(" or ", prefixes.Select(p => $"'{p}-{kind}*'"))} file in '{directory}'. The folder must hold train-images, train-labels, test-images and test-labels IDX files (raw or .gz; t10k- for test- as MNIST names them).",
            Path.Combine(directory, $"{prefixes[0]}-{kind}"));
    }

    private sealed record Split(string ImagesPath, string LabelsPath, float[] Features, int FeatureCount, byte[] Labels)
    {
        /// <summary>Bytes before the first label: the magic number and one dimension.</summary>
        private const int LabelOffset = 8;

        /// <summary>The class count <c>K</c> the labels imply: every class below the largest label must occur.</summary>
        public int ImpliedClassCount()
        {
            var present = new bool[256];
            foreach (byte label in Labels)
            {
                present[label] = true;
            }

            int classes = Array.IndexOf(present, false) is int missing and >= 0 ? missing : present.Length;
            CheckLabelsBelow(classes, $"no sample has label {classes}, so the labels imply {classes} classes");
            return Math.Max(2, classes);
        }

        /// <summary>Throws, naming the label's offset, when a label is <paramref name="classes"/> or more.</summary>
        public void CheckLabelsBelow(int classes, string why)
        {
            int s = Array.FindIndex(Labels, l => l >= classes);
            if (s >= 0)
            {
                throw new InvalidDataException($"{LabelsPath}: at byte {LabelOffset + s} (after decompression): sample {s} has label {Labels[s]}, but {why}; the label is corrupt, or the labels are not class indices from 0.");
            }
        }

        public Dataset ToDataset(int classCount) => new(Features, FeatureCount, Array.ConvertAll(Labels, l => (int)l), classCount);
    }
}
