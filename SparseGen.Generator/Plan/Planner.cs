using System;
using System.Linq;
using System.Threading;
using SparseGen.Core.Device;
using SparseGen.Core.Patterns;
using SparseGen.Core.Random;
using SparseGen.Generator.Model;

namespace SparseGen.Generator.Plan;

/// <summary>Builds each layer's topology once and derives from it what the emitters of the layer's strategy need.</summary>
internal static class Planner
{
    public static ModelPlan Plan(ModelSpec model, CancellationToken cancellationToken)
    {
        var layers = new LayerPlan[model.Layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                FaultInjection.At(FaultInjection.Plan, model.Declaration.Type.Name);
                layers[l] = PlanLayer(model.Layers[l]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new ModelPlan { Model = model, Failure = $"layer {model.Layers[l].Name}: {Failure.Describe(e)}" };
            }
        }

        return new ModelPlan { Model = model, Layers = new EquatableArray<LayerPlan>(layers) };
    }

    private static LayerPlan PlanLayer(LayerModel layer)
    {
        ConnectivitySpec c = layer.Connectivity;
        Topology topology = Topology.Create(c.Pattern, c.Inputs, c.Units, c.Density, c.Seed);
        var plan = new LayerPlan
        {
            Layer = layer,
            EdgeCount = topology.EdgeCount,
            Fingerprint = topology.Fingerprint,
            Degrees = Degrees(topology),
        };
        switch (layer.Strategy)
        {
            case CodegenStrategy.Computed:
                int degree = Topology.DegreeFor(c.Units, c.Density);
                int[] shifts = RotatingPatterns.Ones(c.Pattern, c.Units, degree, new Xoshiro256StarStar(c.Seed));
                return plan with { Rotation = new RotationPlan(degree, new EquatableArray<int>(shifts)) };
            case CodegenStrategy.Dense:
                return plan;
            default:
                topology.Transpose(out int[] offsets, out int[] outputs, out int[] edges);
                return plan with
                {
                    Csr = new CsrTables(new EquatableArray<int>(topology.RowOffsetArray), new EquatableArray<int>(topology.ColumnArray)),
                    Transposed = new TransposedTables(new EquatableArray<int>(offsets), new EquatableArray<int>(outputs), new EquatableArray<int>(edges)),
                    Ell = BakesDeviceTables(plan) ? Ell(KMajorEll.Of(topology)) : null,
                };
        }
    }

    /// <summary>Whether the padded k-major ELL tables (largest fan-in per unit, largest fan-out per input) are small enough to bake (<see cref="Limits.DeviceEntriesPerEdge"/>).</summary>
    private static bool BakesDeviceTables(LayerPlan plan) =>
        ((long)plan.Degrees.FanInMax * plan.Layer.Units) + ((long)plan.Degrees.FanOutMax * plan.Layer.Inputs)
            <= ((long)Limits.DeviceEntriesPerEdge * plan.EdgeCount) + Limits.DeviceTableSlack;

    private static EllTables Ell(KMajorEll ell) => new(ell.Width, new EquatableArray<int>(ell.SlotInputs), ell.InputWidth, new EquatableArray<int>(ell.InputSlots));

    private static DegreeRange Degrees(Topology topology)
    {
        var fanIn = Enumerable.Range(0, topology.Units).Select(topology.FanIn).ToArray();
        var fanOut = Enumerable.Range(0, topology.Inputs).Select(topology.FanOut).ToArray();
        return new DegreeRange(fanIn.Min(), fanIn.Max(), fanOut.Min(), fanOut.Max());
    }
}
