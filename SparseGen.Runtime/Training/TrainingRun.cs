using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SparseGen;

/// <summary>
/// What a <see cref="TrainingRecipe"/> run gives back: the trained model and its optimizer, the data it trained on,
/// the history, and the numbers SparseGen's programs report from it (test accuracy and loss after the last epoch,
/// the best test accuracy, seconds per epoch).
/// </summary>
public sealed class TrainingRun
{
    internal TrainingRun(ISparseModel model, Optimizer optimizer, TrainingData data, History history)
    {
        Model = model;
        Optimizer = optimizer;
        Data = data;
        History = history;
    }

    /// <summary>The trained model.</summary>
    public ISparseModel Model { get; }

    /// <summary>The optimizer, with the state it reached.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The splits trained and evaluated on.</summary>
    public TrainingData Data { get; }

    /// <summary>One result per completed epoch, each with the test split's loss and accuracy.</summary>
    public History History { get; }

    /// <summary>The last epoch's result.</summary>
    public EpochResult Last => History[^1];

    /// <summary>Accuracy on the test split after the last epoch, in [0, 1].</summary>
    public double TestAccuracy => Last.ValidationAccuracy ?? double.NaN;

    /// <summary>Mean loss on the test split after the last epoch.</summary>
    public double TestLoss => Last.ValidationLoss ?? double.NaN;

    /// <summary>The highest test accuracy of any epoch.</summary>
    public double BestTestAccuracy => History.Max(h => h.ValidationAccuracy ?? 0);

    /// <summary>Seconds of training over all epochs (<see cref="History.TotalSeconds"/>).</summary>
    public double TrainSeconds => History.TotalSeconds;

    /// <summary><see cref="TrainSeconds"/> over the epochs trained.</summary>
    public double SecondsPerEpoch => TrainSeconds / History.Count;

    /// <summary>
    /// The metadata a checkpoint of this run carries: the standardisation (<see cref="TrainingData.PreprocessingMetadata"/>),
    /// <c>test_accuracy</c> (round-trip text, invariant culture), then <paramref name="more"/> (which wins on a repeated key).
    /// </summary>
    /// <param name="more">Further entries, such as <c>hidden.density</c> or an evolution's state; may be null.</param>
    public IReadOnlyDictionary<string, string> CheckpointMetadata(IEnumerable<KeyValuePair<string, string>>? more = null)
    {
        var metadata = new Dictionary<string, string>(Data.PreprocessingMetadata())
        {
            ["test_accuracy"] = TestAccuracy.ToString("R", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in more ?? [])
        {
            metadata[key] = value;
        }

        return metadata;
    }
}
