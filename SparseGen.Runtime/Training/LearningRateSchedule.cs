using System;

namespace SparseGen;

/// <summary>The learning rate of each epoch, set on the optimizer by the <see cref="Trainer"/> before the epoch runs.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs: <c>lr0 gamma^floor(epoch / stepSize)</c> (PyTorch's StepLR).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is below 1 or <paramref name="gamma"/> is not in (0, 1].</exception>
    public static LearningRateSchedule Step(int stepSize, double gamma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "The decay factor must be in (0, 1].");
        }

        return new StepSchedule(stepSize, gamma);
    }

    /// <summary>
    /// Cosine annealing (Loshchilov and Hutter 2017, eq. 5, without restarts) over <paramref name="epochs"/> epochs:
    /// <c>min + (lr0 - min) (1 + cos(pi epoch / epochs)) / 2</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1 or <paramref name="minimumRate"/> is negative.</exception>
    public static LearningRateSchedule Cosine(int epochs, double minimumRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRate);
        return new CosineSchedule(epochs, minimumRate);
    }

    /// <summary>The rate of 0-based <paramref name="epoch"/>, from the optimizer's initial rate.</summary>
    public abstract double Rate(int epoch, double initialRate);

    private sealed class StepSchedule(int stepSize, double gamma) : LearningRateSchedule
    {
        public override double Rate(int epoch, double initialRate) => initialRate * Math.Pow(gamma, epoch / stepSize);
    }

    private sealed class CosineSchedule(int epochs, double minimumRate) : LearningRateSchedule
    {
        public override double Rate(int epoch, double initialRate) =>
            Math.Max(minimumRate + ((initialRate - minimumRate) * (1 + Math.Cos(Math.PI * Math.Min(epoch, epochs) / epochs)) / 2), double.Epsilon);
    }
}
