using System;

namespace SparseGen;

/// <summary>
/// Training produced a loss or weight that is NaN or infinite. The model keeps the last weights for which every
/// value was finite; lower the learning rate, scale the inputs or check the data for NaN.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="epoch"/> and <paramref name="batch"/> (both 1-based).</summary>
    public TrainingDivergedException(int epoch, int batch, string what)
        : base($"Training diverged at epoch {epoch}, batch {batch}: {what}. The model keeps the last finite weights; lower the learning rate, scale the inputs or check the data for NaN.")
    {
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>1-based batch in which training diverged.</summary>
    public int Batch { get; }
}
