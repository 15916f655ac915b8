using System.Globalization;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// The values a point's result must hold to be merged: accuracies in [0, 1], losses finite and at least 0, seconds
/// finite and at least 0. A file edited or damaged so that it breaks one of these is corrupt, never averaged.
/// </summary>
internal static class PointCheck
{
    /// <summary>The first value of <paramref name="result"/> out of range, as one line, or null when all are fine.</summary>
    public static string? Problem(RunSummary result)
    {
        foreach (var (name, value) in new[] { ("test_accuracy", result.TestAccuracy), ("train_accuracy", result.TrainAccuracy) })
        {
            if (!(value >= 0 && value <= 1))
            {
                return $"{name} {Text(value)} is outside [0, 1]";
            }
        }

        foreach (var (name, value) in new[] { ("test_loss", result.TestLoss), ("train_loss", result.TrainLoss), ("train_seconds", result.TrainSeconds), ("seconds_per_epoch", result.SecondsPerEpoch) })
        {
            if (!(double.IsFinite(value) && value >= 0))
            {
                return $"{name} {Text(value)} is not a finite number of at least 0";
            }
        }

        return null;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
