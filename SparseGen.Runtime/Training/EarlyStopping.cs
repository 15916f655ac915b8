using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>The metric <see cref="EarlyStopping"/> watches.</summary>
public enum TrainingMetric
{
    /// <summary>Validation loss; lower is better.</summary>
    ValidationLoss,

    /// <summary>Validation accuracy; higher is better.</summary>
    ValidationAccuracy,

    /// <summary>Training loss; lower is better.</summary>
    TrainLoss,
}

/// <summary>
/// Stops training when <see cref="Metric"/> has not improved by more than <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs, and by default puts back the weights of the best epoch (as Keras' EarlyStopping
/// with <c>restore_best_weights</c>).
/// </summary>
public sealed class EarlyStopping : TrainingCallback
{
    private float[][]? _best;
    private SparseNetwork? _network;
    private double _bestValue;
    private int _waited;

    /// <summary>Creates the callback.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="patience"/> is below 1 or <paramref name="minDelta"/> is negative.</exception>
    public EarlyStopping(TrainingMetric metric = TrainingMetric.ValidationLoss, int patience = 3, double minDelta = 0, bool restoreBestWeights = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        Metric = metric;
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>The watched metric.</summary>
    public TrainingMetric Metric { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best epoch's weights are put back when training ends.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>1-based epoch with the best value so far, or 0 before the first epoch.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A validation metric is watched but no validation set was given.</exception>
    public override void OnTrainBegin(TrainingStart start)
    {
        if (Metric != TrainingMetric.TrainLoss && !start.HasValidation)
        {
            throw new InvalidOperationException($"EarlyStopping watches {Metric}, but Fit was given no validation set; pass one, or watch TrainingMetric.TrainLoss.");
        }

        _network = start.Network;
        _best = null;
        _waited = 0;
        BestEpoch = 0;
        _bestValue = Metric == TrainingMetric.ValidationAccuracy ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(EpochResult epoch, TrainingControl control)
    {
        double value = Metric switch
        {
            TrainingMetric.ValidationLoss => epoch.ValidationLoss!.Value,
            TrainingMetric.ValidationAccuracy => epoch.ValidationAccuracy!.Value,
            _ => epoch.TrainLoss,
        };
        bool improved = Metric == TrainingMetric.ValidationAccuracy ? value > _bestValue + MinDelta : value < _bestValue - MinDelta;
        if (improved)
        {
            _bestValue = value;
            BestEpoch = epoch.Epoch;
            _waited = 0;
            if (RestoreBestWeights)
            {
                _best = _network!.Parameters.Select(p => (float[])p.Values.Clone()).ToArray();
            }

            return;
        }

        if (++_waited >= Patience)
        {
            control.Stop($"{Metric} did not improve for {Patience} epochs (best {_bestValue:G6} at epoch {BestEpoch})");
        }
    }

    /// <inheritdoc />
    public override void OnTrainEnd(IReadOnlyList<EpochResult> history)
    {
        if (_best is null || _network is null)
        {
            return;
        }

        for (int p = 0; p < _best.Length; p++)
        {
            _best[p].CopyTo(_network.Parameters[p].Values, 0);
        }
    }
}
