namespace SparseGen.Cli.Sweep;

/// <summary>One experiment of a grid, with its stable index.</summary>
/// <param name="Index">Position in the grid, from 0.</param>
/// <param name="Dataset">The data set's name in the grid file.</param>
/// <param name="Data">Full path of the data folder; null for the MNIST subset shipped with the tool (so that a point does not depend on where the tool is installed).</param>
/// <param name="TrainSamples">First N training images, or null for all.</param>
/// <param name="TestSamples">First N test images, or null for all.</param>
/// <param name="Hidden">Hidden-layer sizes.</param>
/// <param name="Pattern">Connectivity of the hidden layers.</param>
/// <param name="Density">Density of the hidden layers.</param>
/// <param name="Topology"><c>fixed</c> (a topology seed of the grid) or <c>per-run</c> (the training seed).</param>
/// <param name="TopologySeed">Seed of the topology.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Epochs">Training epochs.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="Dropout">Hidden-layer dropout.</param>
/// <param name="Optimizer">Optimizer and learning rate.</param>
public sealed record SweepPoint(int Index, string Dataset, string? Data, int? TrainSamples, int? TestSamples, int[] Hidden, ConnectivityPattern Pattern,
    double Density, string Topology, ulong TopologySeed, ulong Seed, int Epochs, int BatchSize, double Dropout, OptimizerSpec Optimizer)
{
    /// <summary>The training run of this point.</summary>
    public Experiment ToExperiment() => new(Data ?? Experiment.DefaultData, TrainSamples, TestSamples, Hidden, Pattern, Density, TopologySeed, Seed, Epochs, BatchSize, Dropout, Optimizer);

    /// <summary>Hidden sizes as text, e.g. <c>500-300</c>.</summary>
    public string HiddenText => string.Join('-', Hidden);
}
