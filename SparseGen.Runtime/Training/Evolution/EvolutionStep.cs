using System.Collections.Generic;

namespace SparseGen;

/// <summary>
/// What one step of <see cref="SparseEvolution"/> did, between two epochs. Lists hold one entry per layer, in order.
/// </summary>
/// <param name="AfterEpoch">Epochs trained under this evolution before the step (it ran before the next epoch).</param>
/// <param name="EdgesRemoved">Edges SET's rule removed from each layer (the weights closest to zero).</param>
/// <param name="EdgesAdded">New edges SET added to each layer: as many as it removed.</param>
/// <param name="NeuronsPruned">Units neuron pruning removed from each layer (0 for the output layer).</param>
/// <param name="EdgesPruned">Edges each layer lost with pruned neurons (its own units' and the previous layer's).</param>
/// <param name="Units">Each layer's units after the step.</param>
/// <param name="Edges">Each layer's edges after the step.</param>
/// <param name="Parameters">Trainable values of the network after the step (edges plus biases).</param>
/// <param name="Seconds">Wall-clock seconds the step took, host and backend work included.</param>
public sealed record EvolutionStep(int AfterEpoch, IReadOnlyList<int> EdgesRemoved, IReadOnlyList<int> EdgesAdded,
    IReadOnlyList<int> NeuronsPruned, IReadOnlyList<int> EdgesPruned, IReadOnlyList<int> Units, IReadOnlyList<int> Edges,
    long Parameters, double Seconds);
