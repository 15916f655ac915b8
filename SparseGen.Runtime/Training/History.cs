using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SparseGen;

/// <summary>
/// What <see cref="Trainer.Fit"/> returns: one <see cref="EpochResult"/> per completed epoch, in order, as Keras's
/// <c>History</c>. <see cref="ToString"/> gives a table of the epochs.
/// </summary>
public sealed class History : IReadOnlyList<EpochResult>
{
    private readonly EpochResult[] _epochs;

    /// <summary>A history of the given epochs, in the order given.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="epochs"/> or one of its items is null.</exception>
    public History(IEnumerable<EpochResult> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        _epochs = epochs.ToArray();
        if (Array.IndexOf(_epochs, null) >= 0)
        {
            throw new ArgumentNullException(nameof(epochs), "An epoch result is null.");
        }
    }

    /// <summary>Number of completed epochs.</summary>
    public int Count => _epochs.Length;

    /// <summary>The result of the epoch at 0-based <paramref name="index"/> (epoch <c>index + 1</c> of a run that started at 1).</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="Count"/>).</exception>
    public EpochResult this[int index] => _epochs[index];

    /// <summary>The last epoch, or null when there is none.</summary>
    public EpochResult? Last => _epochs.Length == 0 ? null : _epochs[^1];

    /// <summary>The epoch with the highest validation accuracy (the lowest training loss without validation); the first such epoch on ties; null when there is none.</summary>
    public EpochResult? Best => _epochs.Length == 0 ? null
        : _epochs.Any(e => e.ValidationAccuracy is not null) ? _epochs.MaxBy(e => e.ValidationAccuracy ?? double.NegativeInfinity)
        : _epochs.MinBy(e => e.TrainLoss);

    /// <summary>Seconds of training steps over all epochs (validation excluded).</summary>
    public double TotalSeconds => _epochs.Sum(e => e.Seconds);

    /// <inheritdoc />
    public IEnumerator<EpochResult> GetEnumerator() => ((IEnumerable<EpochResult>)_epochs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// A table with one row per epoch (training loss and accuracy, validation loss and accuracy when there was a
    /// validation set, seconds) and a closing line with the totals and the best epoch; invariant culture.
    /// </summary>
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (_epochs.Length == 0)
        {
            return "History: no epoch completed";
        }

        bool validation = _epochs.Any(e => e.ValidationLoss is not null);
        var text = new StringWriter(c);
        text.WriteLine(validation
            ? "epoch  train loss  train acc  val loss  val acc  seconds"
            : "epoch  train loss  train acc  seconds");
        foreach (EpochResult e in _epochs)
        {
            text.Write($"{e.Epoch.ToString(c),5}  {e.TrainLoss.ToString("F4", c),10}  {e.TrainAccuracy.ToString("P2", c),9}");
            if (validation)
            {
                text.Write($"  {(e.ValidationLoss?.ToString("F4", c) ?? "-"),8}  {(e.ValidationAccuracy?.ToString("P2", c) ?? "-"),7}");
            }

            text.WriteLine($"  {e.Seconds.ToString("F2", c),7}");
        }

        EpochResult best = Best!;
        text.Write($"{_epochs.Length.ToString(c)} {(_epochs.Length == 1 ? "epoch" : "epochs")}, {TotalSeconds.ToString("F2", c)} s of training; ");
        text.Write(validation && best.ValidationAccuracy is { } accuracy
            ? $"best val acc {accuracy.ToString("P2", c)} (epoch {best.Epoch.ToString(c)})"
            : $"lowest train loss {best.TrainLoss.ToString("F4", c)} (epoch {best.Epoch.ToString(c)})");
        return text.ToString();
    }
}
