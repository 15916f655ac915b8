using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.IO;

namespace SparseGen.Examples.Set;

/// <summary>The input layer's connections per input before training, half-way and after the last epoch, for the heat map.</summary>
internal sealed class Snapshots(ISparseModel model, int epochs) : TrainingCallback
{
    private readonly List<HeatMapPanel> _panels = [];

    /// <inheritdoc />
    /// <remarks>It reads the topology, which lives on the host, not the parameters.</remarks>
    public override bool ReadsParameters => false;

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
