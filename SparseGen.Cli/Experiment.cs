using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SparseGen.CommandLine;

namespace SparseGen.Cli;

/// <summary>
/// One training run as the papers set it up (Luo 2020, section X.B): IDX images standardised with the training
/// split's mean and standard deviation, <c>inputs -> hidden... -> classes</c> with the hidden layers of
/// <see cref="Pattern"/> at <see cref="Density"/> (ReLU, dropout) and a dense softmax output, categorical
/// cross-entropy. What <c>sparsegen train</c> and every sweep point run.
/// </summary>
/// <param name="Data">Folder of <c>train-*</c> and <c>test-*</c> IDX files.</param>
/// <param name="TrainSamples">Use only the first this many training images; null uses all.</param>
/// <param name="TestSamples">Use only the first this many test images; null uses all.</param>
/// <param name="Hidden">Units of each hidden layer, in order (at least one).</param>
/// <param name="Pattern">Connectivity of every hidden layer; the output layer is dense.</param>
/// <param name="Density">Density of every hidden layer, in (0, 1]; 1 for <see cref="ConnectivityPattern.Dense"/>.</param>
/// <param name="TopologySeed">Seed of the hidden layers' topologies (layer <c>k</c> uses <c>TopologySeed + k</c>).</param>
/// <param name="Seed">Seed of weight initialisation, shuffling and dropout.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="Dropout">Dropout rate of the hidden layers, in [0, 1).</param>
/// <param name="Optimizer">The optimizer and its learning rate.</param>
public sealed record Experiment(string Data, int? TrainSamples, int? TestSamples, int[] Hidden, ConnectivityPattern Pattern, double Density,
    ulong TopologySeed, ulong Seed, int Epochs, int BatchSize, double Dropout, OptimizerSpec Optimizer)
{
    /// <summary>
    /// CPU threads training uses (batches of more than 32 samples run as chunks of 32 in parallel; the results do not
    /// depend on it); 1 by default.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The folder of the 8,000/1,000-digit MNIST subset shipped beside the tool.</summary>
    public static string DefaultData => Path.Combine(AppContext.BaseDirectory, "data", "mnist");

    /// <summary>The fewest and most classes IDX labels (bytes) imply, bounding the output layer before the labels are read.</summary>
    private const int FewestClasses = 2, MostClasses = 256;

    /// <summary>
    /// Why this network cannot be built on <paramref name="inputs"/> features, or null: a hidden layer its pattern and
    /// density give no edge, a layer of more edges than <see cref="Topology.MaxEdgeCount"/>, or a batch of a layer's
    /// activations longer than an array holds. With <paramref name="classes"/> null (before the labels are read) the
    /// dense output layer is checked with the fewest classes IDX labels allow (2): refused only when none fits.
    /// </summary>
    /// <param name="inputs">The data's features.</param>
    /// <param name="classes">The data's classes, or null when not yet known.</param>
    public string? NetworkProblem(int inputs, int? classes = null)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        string d = Density.ToString(invariant);
        int arriving = inputs;
        for (int k = 0; k < Hidden.Length; arriving = Hidden[k], k++)
        {
            string layer = $"hidden layer {k + 1} ({arriving} x {Hidden[k]}, {Pattern})";
            long edges = Pattern == ConnectivityPattern.Dense ? (long)arriving * Hidden[k] : Topology.EdgeCountFor(Pattern, arriving, Hidden[k], Density);
            if (edges < 1)
            {
                double least = Topology.UsesDegree(Pattern) ? 0.5 / Hidden[k] : 0.5 / ((double)arriving * Hidden[k]);
                return $"--density {d} gives {layer} no edge; raise --density above {least.ToString("G3", invariant)} or widen the layer.";
            }

            if (edges > Topology.MaxEdgeCount)
            {
                return string.Create(invariant, $"--density {d} gives {layer} {edges:N0} edges, more than a layer holds ({Topology.MaxEdgeCount:N0}); lower --density or --hidden.");
            }

            if ((long)BatchSize * Hidden[k] > Array.MaxLength)
            {
                return string.Create(invariant, $"{layer} would hold a batch's activations of {BatchSize} x {Hidden[k]:N0} values, more than an array holds ({Array.MaxLength:N0}); lower --hidden or --batch-size.");
            }
        }

        long output = (long)arriving * (classes ?? FewestClasses);
        return output > Topology.MaxEdgeCount
            ? string.Create(invariant, $"the dense output layer ({arriving} x {classes?.ToString(invariant) ?? "classes"}) would have {output:N0} edges or more, more than a layer holds ({Topology.MaxEdgeCount:N0}); lower the last --hidden size.")
            : null;
    }

    /// <summary>
    /// Checks the sample limits against the data's image counts (<see cref="TrainingData.SubsetProblem"/>) and
    /// <see cref="NetworkProblem(int, int?)"/> against the data's features, both read from the image files' headers alone
    /// (<see cref="IdxDataset.TrainFeatureCount"/>): what <c>sparsegen train</c>, <c>sweep plan</c> and <c>sweep run</c>
    /// check before any data loads.
    /// </summary>
    /// <returns>The problem, or null.</returns>
    /// <exception cref="IOException">The data folder or its training images cannot be read.</exception>
    /// <exception cref="InvalidDataException">The training images' header is malformed.</exception>
    public string? NetworkProblem() => TrainingData.SubsetProblem(Data, TrainSamples, TestSamples) ?? NetworkProblem(IdxDataset.TrainFeatureCount(Data));

    /// <summary>Builds the model without training it (the topologies are built here).</summary>
    /// <exception cref="ArgumentException">A size, density or pattern is invalid (see <see cref="Topology.Create"/> and <see cref="NetworkProblem(int, int?)"/>).</exception>
    public GenericSparseModel CreateModel(int inputs, int classes)
    {
        if (NetworkProblem(inputs, classes) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        var layers = new List<LayerSpec>();
        for (int k = 0; k < Hidden.Length; k++)
        {
            layers.Add(new LayerSpec($"Hidden{k + 1}", Pattern, Hidden[k], Density, TopologySeed + (ulong)k, Activation.Relu, Dropout));
        }

        layers.Add(new LayerSpec("Output", ConnectivityPattern.Dense, classes, 1.0, 0, Activation.Softmax));
        return new GenericSparseModel(inputs, layers, Seed, SparseFormat.Ell);
    }

    /// <summary>The accelerator training runs on (<c>--device</c>), or null for the CPU; the caller owns it.</summary>
    public SparseGen.Backends.IBackend? Backend { get; init; }

    /// <summary>How the network trains: <see cref="Epochs"/> epochs of <see cref="BatchSize"/> on <see cref="Backend"/> (or <see cref="Threads"/> CPU threads), seeded by <see cref="Seed"/>, silent (callbacks report).</summary>
    public TrainingRecipe Recipe() => new(Epochs, BatchSize) { Seed = Seed, Threads = Threads, Backend = Backend, Verbosity = Verbosity.Silent };

    /// <summary>
    /// Loads the data (the first <see cref="TrainSamples"/> and <see cref="TestSamples"/>, standardised with the
    /// training split's mean and standard deviation), builds the network and trains it by <see cref="Recipe"/>,
    /// evaluating on the test split after every epoch.
    /// </summary>
    /// <param name="callbacks">Called during training (progress lines), may be empty.</param>
    /// <param name="cancellationToken">Stops training after the current batch.</param>
    /// <exception cref="IOException">The data cannot be read.</exception>
    /// <exception cref="InvalidDataException">A data file is malformed.</exception>
    /// <exception cref="UsageException">The network cannot be built (see <see cref="CreateModel"/>).</exception>
    /// <exception cref="ArgumentException">A sample limit exceeds the data.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a weight became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (SIGINT, SIGTERM); training stopped after the current batch.</exception>
    public TrainingRun Run(IEnumerable<TrainingCallback> callbacks, System.Threading.CancellationToken cancellationToken = default)
    {
        TrainingData data = TrainingData.LoadIdx(Data, standardize: true, TrainSamples, TestSamples);
        GenericSparseModel model;
        try
        {
            model = CreateModel(data.Train.FeatureCount, data.Train.ClassCount);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        return Recipe().Run(model, Optimizer.Create(), data, callbacks, cancellationToken: cancellationToken);
    }

    /// <summary>Edges of the hidden layers of <paramref name="model"/>, a network of this experiment, together.</summary>
    public long HiddenEdges(ISparseModel model) => model.Layers.Take(Hidden.Length).Sum(l => (long)l.EdgeCount);
}

/// <summary>An optimizer by name, as a grid file or the command line gives it.</summary>
/// <param name="Name"><c>nadam</c>, <c>adam</c> or <c>sgd</c>.</param>
/// <param name="LearningRate">Learning rate, above 0.</param>
/// <param name="Momentum">SGD momentum in [0, 1); ignored by the others.</param>
/// <param name="Nesterov">SGD with Nesterov momentum; ignored by the others.</param>
public sealed record OptimizerSpec(string Name = "nadam", double LearningRate = 1e-3, double Momentum = 0, bool Nesterov = false)
{
    /// <summary>The optimizer names this accepts.</summary>
    public static readonly string[] Names = ["nadam", "adam", "sgd"];

    /// <summary>Checks the values.</summary>
    /// <exception cref="UsageException">A value is invalid; the message says which and what is allowed.</exception>
    public void Validate(string where)
    {
        if (!Names.Contains(Name))
        {
            throw new UsageException($"{where}: optimizer '{Name}' is not known; use one of {string.Join(", ", Names)}.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new UsageException($"{where}: learning rate {LearningRate} must be above 0.");
        }

        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new UsageException($"{where}: momentum {Momentum} must be in [0, 1).");
        }
    }

    /// <summary>Creates the optimizer.</summary>
    public Optimizer Create() => Name switch
    {
        "adam" => new Adam(LearningRate),
        "sgd" => new Sgd(LearningRate, Momentum, Nesterov),
        _ => new Nadam(LearningRate),
    };
}
