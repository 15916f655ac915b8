using System;
using System.Linq;
using System.Threading;
using SparseGen.Core.Formats;
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
#if SPARSEGEN_FAULT_INJECTION
                FaultInjection.At(FaultInjection.Plan, model.Declaration.Type.Name);
#endif
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
        TopologyData? file = layer.File;
        Topology topology = file is not null
            ? Topology.FromCsr(file.Inputs, file.Units, file.RowOffsets, file.Columns)
            : Topology.Create(c.Pattern, c.Inputs, c.Units, c.Density, c.Seed);
        var plan = new LayerPlan
        {
            Layer = layer,
            EdgeCount = topology.EdgeCount,
            Fingerprint = topology.Fingerprint,
            Degrees = Degrees(topology),
            EncodedWeights = file?.Values is { } values ? TableEncoding.EncodeFloats(values) : null,
        };
        switch (layer.Strategy)
        {
            case CodegenStrategy.IndexFree:
                int[] shifts = file?.Shifts ?? RotatingPatterns.Ones(c.Pattern, c.Units, Topology.DegreeFor(c.Units, c.Density), new Xoshiro256StarStar(c.Seed));
                return plan with { Rotation = new RotationPlan(shifts.Length, new EquatableArray<int>(shifts)) };
            case CodegenStrategy.Dense:
                return plan;
            default:
                plan = plan with
                {
                    EncodedTopology = file is null ? null : TableEncoding.EncodeTopology(file.RowOffsets, file.Columns),
                };
                if (layer.Strategy != CodegenStrategy.Unrolled)
                {
                    return plan;
                }

                topology.Transpose(out int[] offsets, out int[] outputs, out int[] edges);
                return plan with
                {
                    Csr = new CsrTables(new EquatableArray<int>(topology.RowOffsetArray), new EquatableArray<int>(topology.ColumnArray)),
                    Transposed = new TransposedTables(new EquatableArray<int>(offsets), new EquatableArray<int>(outputs), new EquatableArray<int>(edges)),
                };
        }
    }

    private static DegreeRange Degrees(Topology topology)
    {
        int fanInMin = int.MaxValue, fanInMax = 0, fanOutMin = int.MaxValue, fanOutMax = 0;
        for (int j = 0; j < topology.Units; j++)
        {
            fanInMin = Math.Min(fanInMin, topology.FanIn(j));
            fanInMax = Math.Max(fanInMax, topology.FanIn(j));
        }

        for (int i = 0; i < topology.Inputs; i++)
        {
            fanOutMin = Math.Min(fanOutMin, topology.FanOut(i));
            fanOutMax = Math.Max(fanOutMax, topology.FanOut(i));
        }

        return new DegreeRange(fanInMin, fanInMax, fanOutMin, fanOutMax);
    }
}
