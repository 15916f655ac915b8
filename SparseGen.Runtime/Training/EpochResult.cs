namespace SparseGen;

/// <summary>What one training epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (with dropout active).</param>
/// <param name="TrainAccuracy">Fraction of training samples classified correctly during the epoch, in [0, 1].</param>
/// <param name="ValidationLoss">Mean loss on the validation set after the epoch, or null without one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set after the epoch, in [0, 1], or null without one.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch's training steps (validation excluded).</param>
public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds)
{
    /// <summary>Wall-clock seconds of the validation after the epoch; 0 without a validation set.</summary>
    public double ValidationSeconds { get; init; }
}

/// <summary>Loss and accuracy of a model on a data set.</summary>
/// <param name="Loss">Mean loss per sample.</param>
/// <param name="Accuracy">Fraction classified correctly, in [0, 1].</param>
public readonly record struct Evaluation(double Loss, double Accuracy);
