namespace SparseGen.Ilgpu.Kernels;

/// <summary>A layer's sizes read at run time: the shape of the generic kernels, for layers without generated device code and for evolving topologies.</summary>
/// <param name="Inputs">The number of inputs.</param>
/// <param name="Units">The number of outputs.</param>
/// <param name="Width">The largest fan-in (0 for a dense layer).</param>
/// <param name="InputWidth">The largest fan-out (0 for a dense layer).</param>
public readonly record struct RuntimeShape(int Inputs, int Units, int Width, int InputWidth) : IEllShape;
