using System;
using System.Collections.Generic;
using SparseGen.Core;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Networks;

/// <summary>What <see cref="SparseNetwork.Rewire"/> checks before it changes anything: each change fits its layer, and the layers still chain.</summary>
internal static class RewiringChecks
{
    /// <summary>Throws unless <paramref name="changes"/> holds one applicable entry (or null) per layer and the new sizes chain from <paramref name="inputs"/> to the unchanged output count.</summary>
    /// <exception cref="ArgumentException">As <see cref="SparseNetwork.Rewire"/> describes.</exception>
    public static void Check(SparseLayer[] layers, int inputs, IReadOnlyList<LayerRewiring?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count != layers.Length)
        {
            throw new ArgumentException($"Rewire needs one entry per layer ({layers.Length}), null for a layer that stays; it was given {changes.Count}.", nameof(changes));
        }

        int outputs = layers[^1].Units;
        for (int l = 0; l < layers.Length; l++)
        {
            SparseLayer layer = layers[l];
            LayerRewiring? change = changes[l];
            Topology? topology = change?.Topology;
            if (change is not null)
            {
                CheckLayer(layer, change);
            }

            int layerInputs = topology?.Inputs ?? layer.Inputs, units = topology?.Units ?? layer.Units;
            if (layerInputs != inputs)
            {
                throw new ArgumentException($"After rewiring, layer '{layer.Name}' would take {layerInputs} inputs, but {inputs} would arrive from before it.", nameof(changes));
            }

            inputs = units;
        }

        if (inputs != outputs)
        {
            throw new ArgumentException($"After rewiring the network would give {inputs} outputs instead of {outputs}; the output layer's units cannot change.", nameof(changes));
        }
    }

    private static void CheckLayer(SparseLayer layer, LayerRewiring change)
    {
        ArgumentNullException.ThrowIfNull(change.Topology);
        ArgumentNullException.ThrowIfNull(change.WeightSource);
        ArgumentNullException.ThrowIfNull(change.Weights);
        if (layer.Kernel is not IRewirableKernel)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs {layer.Kernel.GetType().Name}, whose topology is fixed (generated kernels compile it in); build the model as a GenericSparseModel to change topologies during training.");
        }

        Topology topology = change.Topology;
        if (layer.Kernel is DenseLayerKernel && topology.EdgeCount != (long)topology.Inputs * topology.Units)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs a dense kernel, which holds every edge, but its new {topology.Inputs} x {topology.Units} topology has {topology.EdgeCount}.");
        }

        Checks.Length($"{layer.Name}: {nameof(change.WeightSource)}", change.WeightSource.Length, topology.EdgeCount);
        Checks.Length($"{layer.Name}: {nameof(change.Weights)}", change.Weights.Length, topology.EdgeCount);
        int edges = layer.EdgeCount;
        foreach (int source in change.WeightSource)
        {
            if (source < -1 || source >= edges)
            {
                throw new ArgumentException($"Layer '{layer.Name}': weight source {source} is neither -1 (a new edge) nor an index of its {edges} weights.");
            }
        }

        if (change.UnitSource is null)
        {
            if (topology.Units != layer.Units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': the new topology has {topology.Units} units instead of {layer.Units}, so the change needs a UnitSource saying which units stay.");
            }

            return;
        }

        Checks.Length($"{layer.Name}: {nameof(change.UnitSource)}", change.UnitSource.Length, topology.Units);
        int units = layer.Units;
        foreach (int source in change.UnitSource)
        {
            if ((uint)source >= (uint)units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': unit source {source} is not one of its {units} units.");
            }
        }
    }
}
