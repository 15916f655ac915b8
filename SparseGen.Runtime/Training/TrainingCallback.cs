using System;
using System.Collections.Generic;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>Hooks into <see cref="Trainer.Fit"/>: progress display, logging, early stopping. Override what you need.</summary>
public abstract class TrainingCallback
{
    /// <summary>
    /// Whether <see cref="OnEpochEnd"/> reads or changes the model's parameters (true unless overridden). When every
    /// callback says no, a device backend keeps the parameters on the device between epochs and copies them to
    /// the host only when training ends; a progress display should say no.
    /// </summary>
    public virtual bool ReadsParameters => true;

    /// <summary>Called once before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingStart start)
    {
    }

    /// <summary>Called after every optimizer step.</summary>
    public virtual void OnBatchEnd(BatchResult batch)
    {
    }

    /// <summary>Called after every epoch, after validation; <paramref name="control"/> can stop training.</summary>
    public virtual void OnEpochEnd(EpochResult epoch, TrainingControl control)
    {
    }

    /// <summary>Called once when training ends, normally or by a stop request (not when it throws).</summary>
    public virtual void OnTrainEnd(IReadOnlyList<EpochResult> history)
    {
    }
}

/// <summary>What a training run is about to do.</summary>
/// <param name="Network">The network being trained.</param>
/// <param name="Epochs">Epochs requested.</param>
/// <param name="BatchesPerEpoch">Optimizer steps per epoch.</param>
/// <param name="Samples">Training samples per epoch.</param>
/// <param name="HasValidation">Whether a validation set is evaluated after each epoch.</param>
public sealed record TrainingStart(SparseNetwork Network, int Epochs, int BatchesPerEpoch, int Samples, bool HasValidation);

/// <summary>One optimizer step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">1-based batch within the epoch.</param>
/// <param name="BatchesPerEpoch">Batches in the epoch.</param>
/// <param name="Loss">The batch's mean loss.</param>
/// <param name="SamplesSeen">Samples trained on so far in this epoch.</param>
/// <param name="EpochElapsed">Time since the epoch started.</param>
public sealed record BatchResult(int Epoch, int Batch, int BatchesPerEpoch, double Loss, int SamplesSeen, TimeSpan EpochElapsed);

/// <summary>Lets a callback end training after the current epoch.</summary>
public sealed class TrainingControl
{
    /// <summary>Whether a callback asked to stop.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>The reason given by the callback that stopped training, or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Ends training after this epoch.</summary>
    public void Stop(string reason)
    {
        StopRequested = true;
        StopReason = reason;
    }
}
