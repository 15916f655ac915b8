using System;
using System.Collections.Generic;
using SparseGen.Backends.Device;
using Spectre.Console;

namespace SparseGen.Examples;

/// <summary>What the training examples share on the console: opening the device and the progress display of a run.</summary>
internal static class TrainingConsole
{
    /// <summary>Opens the accelerator <c>--device</c> names (null for <c>cpu</c>); when there is none prints one <c>error:</c> line and returns false.</summary>
    public static bool TryOpen(string device, out Accelerator? accelerator)
    {
        accelerator = null;
        if (device == "cpu" || Accelerator.TryCreate(device == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.OpenCL, out accelerator, out string reason))
        {
            return true;
        }

        Console.Error.WriteLine($"error: {reason}");
        return false;
    }

    /// <summary>
    /// Runs <paramref name="fit"/> with a progress display added to <paramref name="callbacks"/>: a Spectre.Console bar per
    /// epoch in a terminal, one line per epoch when the output is redirected; <paramref name="detail"/> adds to each epoch's line.
    /// </summary>
    public static IReadOnlyList<EpochResult> Fit(Func<TrainingCallback[], IReadOnlyList<EpochResult>> fit, int epochs, Func<EpochResult, string>? detail, params TrainingCallback[] callbacks)
    {
        if (Console.IsOutputRedirected)
        {
            return fit([.. callbacks, new EpochLines(epochs, detail)]);
        }

        IReadOnlyList<EpochResult> history = [];
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => history = fit([.. callbacks, new ProgressBars(context, epochs, detail)]));
        return history;
    }
}

/// <summary>Prints one line per epoch, for redirected output.</summary>
internal sealed class EpochLines(int epochs, Func<EpochResult, string>? detail = null) : TrainingCallback
{
    public override bool ReadsParameters => false;

    public override void OnEpochEnd(EpochResult r, TrainingControl control) => Console.WriteLine(
        $"epoch {r.Epoch,3}/{epochs}  train loss {r.TrainLoss:F4}  train acc {r.TrainAccuracy:P2}  test loss {r.ValidationLoss:F4}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s{detail?.Invoke(r)}");
}

/// <summary>One Spectre.Console progress bar per epoch, with ETA, running loss and throughput.</summary>
internal sealed class ProgressBars(ProgressContext context, int epochs, Func<EpochResult, string>? detail = null) : TrainingCallback
{
    private ProgressTask? _task;
    private double _lossSum;

    public override bool ReadsParameters => false;

    public override void OnBatchEnd(BatchResult b)
    {
        if (b.Batch == 1)
        {
            _task = context.AddTask(Label(b.Epoch), maxValue: b.BatchesPerEpoch);
            _lossSum = 0;
        }

        _lossSum += b.Loss;
        double throughput = b.SamplesSeen / Math.Max(b.EpochElapsed.TotalSeconds, 1e-9);
        _task!.Description = $"{Label(b.Epoch)}  loss {_lossSum / b.Batch:F4}  {throughput,7:N0} img/s";
        _task.Value = b.Batch;
    }

    public override void OnEpochEnd(EpochResult r, TrainingControl control)
    {
        _task!.Description = $"{Label(r.Epoch)}  loss {r.TrainLoss:F4}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s{detail?.Invoke(r)}";
        _task.StopTask();
    }

    private string Label(int epoch) => $"epoch {epoch,3}/{epochs}";
}
