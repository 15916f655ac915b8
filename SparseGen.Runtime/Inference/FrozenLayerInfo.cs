namespace SparseGen;

/// <summary>How <see cref="FrozenModel"/> stores one layer.</summary>
/// <param name="Name">The layer's name.</param>
/// <param name="Inputs">Number of inputs <c>nin</c>.</param>
/// <param name="Units">Number of outputs <c>nout</c>.</param>
/// <param name="Edges">Number of edges (weights).</param>
/// <param name="Dense">True when every input connects to every unit: the layer is kept as dense columns and run with vectors; otherwise as the edge list of each input (CSC), scattered.</param>
public sealed record FrozenLayerInfo(string Name, int Inputs, int Units, int Edges, bool Dense);
