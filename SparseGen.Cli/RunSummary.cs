namespace SparseGen.Cli;

/// <summary>
/// What one training run measured, with what defines the run: the last line of <c>train --json</c> and the
/// <c>result</c> of a sweep point file (snake_case JSON).
/// </summary>
/// <param name="TestAccuracy">Test accuracy after the last epoch, in [0, 1].</param>
/// <param name="TestLoss">Test cross-entropy after the last epoch.</param>
/// <param name="TrainAccuracy">Training accuracy of the last epoch (measured on the training batches, with dropout).</param>
/// <param name="TrainLoss">Training loss of the last epoch.</param>
/// <param name="TrainSeconds">Seconds of training and per-epoch evaluation.</param>
/// <param name="SecondsPerEpoch">TrainSeconds over epochs.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Parameters">Trainable parameters.</param>
/// <param name="HiddenEdges">Edges of the hidden layers together.</param>
/// <param name="Inputs">Input features.</param>
/// <param name="TrainSamples">Training images used.</param>
/// <param name="TestSamples">Test images used.</param>
/// <param name="Pattern">Hidden layers' pattern.</param>
/// <param name="Density">Hidden layers' density.</param>
/// <param name="Hidden">Hidden-layer sizes.</param>
/// <param name="TopologySeed">Topology seed.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="Optimizer">Optimizer name.</param>
/// <param name="LearningRate">Learning rate.</param>
public sealed record RunSummary(double TestAccuracy, double TestLoss, double TrainAccuracy, double TrainLoss, double TrainSeconds, double SecondsPerEpoch,
    int Epochs, long Parameters, long HiddenEdges, int Inputs, int TrainSamples, int TestSamples, ConnectivityPattern Pattern, double Density, int[] Hidden,
    ulong TopologySeed, ulong Seed, int BatchSize, string Optimizer, double LearningRate)
{
    /// <summary>The summary of <paramref name="run"/>, a run of <paramref name="experiment"/>.</summary>
    public static RunSummary Of(Experiment experiment, TrainingRun run) => new(
        run.TestAccuracy, run.TestLoss, run.Last.TrainAccuracy, run.Last.TrainLoss, run.TrainSeconds, run.SecondsPerEpoch,
        run.History.Count, run.Model.Network.ParameterCount, experiment.HiddenEdges(run.Model), run.Model.InputCount, run.Data.Train.Count, run.Data.Test.Count,
        experiment.Pattern, experiment.Density, experiment.Hidden, experiment.TopologySeed, experiment.Seed, experiment.BatchSize, experiment.Optimizer.Name,
        experiment.Optimizer.LearningRate);
}
