using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.IO;
using Spectre.Console;

namespace SparseGen.Examples.Set;

/// <summary>The input layer's connections per input before training, half-way and after the last epoch, for the heat map.</summary>
internal sealed class Snapshots(ISparseModel model, int epochs) : TrainingCallback
{
    private readonly List<HeatMapPanel> _panels = [];

    public IReadOnlyList<HeatMapPanel> Panels => _panels;

    public override void OnTrainBegin(TrainingStart start) => _panels.Add(new HeatMapPanel("before training", ConnectivityHeatMap.InputDegrees(model.Layers[0].Kernel)));

    public override void OnEpochEnd(EpochResult epoch, TrainingControl control)
    {
        if ((epoch.Epoch == (epochs + 1) / 2 && epochs > 2) || epoch.Epoch == epochs)
        {
            _panels.Add(new HeatMapPanel($"epoch {epoch.Epoch}", ConnectivityHeatMap.InputDegrees(model.Layers[0].Kernel)));
        }
    }
}

/// <summary>What the network looks like now: hidden neurons per layer and parameters, and the evolution step before the current epoch.</summary>
internal static class Shape
{
    public static string Of(ISparseModel model) =>
        $"neurons {string.Join(",", model.Layers.Take(model.Layers.Count - 1).Select(l => l.Units))}  {model.Network.ParameterCount:N0} params";

    public static string Evolution(SparseEvolution? evolution, int epoch) =>
        evolution?.History.LastOrDefault() is { } step && step.AfterEpoch == epoch - 1 ? $"  evolved {step.Seconds * 1000:F0} ms" : "";
}

/// <summary>Prints one line per epoch, for redirected output.</summary>
internal sealed class EpochLines(int epochs, ISparseModel model, SparseEvolution? evolution) : TrainingCallback
{
    public override void OnEpochEnd(EpochResult r, TrainingControl control) => Console.WriteLine(
        $"epoch {r.Epoch,3}/{epochs}  train loss {r.TrainLoss:F4}  train acc {r.TrainAccuracy:P2}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s{Shape.Evolution(evolution, r.Epoch)}  {Shape.Of(model)}");
}

/// <summary>One Spectre.Console progress bar per epoch, with ETA, running loss and throughput, as the MNIST example shows.</summary>
internal sealed class ProgressBars(ProgressContext context, int epochs, ISparseModel model, SparseEvolution? evolution) : TrainingCallback
{
    private ProgressTask? _task;
    private double _lossSum;

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
        _task!.Description = $"{Label(r.Epoch)}  loss {r.TrainLoss:F4}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s{Shape.Evolution(evolution, r.Epoch)}  {Shape.Of(model)}";
        _task.StopTask();
    }

    private string Label(int epoch) => $"epoch {epoch,3}/{epochs}";
}
