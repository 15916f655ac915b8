using System;
using SparseGen.Kernels.Generic;

namespace SparseGen.Kernels;

/// <summary>
/// A kernel that reads its topology at run time, so the topology may change between training steps (adaptive
/// sparse connectivity: SET, NPSET). Its weight order is the canonical edge order of <see cref="Topology"/>, by
/// output then input. <see cref="CsrLayerKernel"/>, <see cref="EllLayerKernel"/> and <see cref="DenseLayerKernel"/>
/// implement it; generated kernels, whose topology is compiled in, do not.
/// </summary>
public interface IRewirableKernel : ILayerKernel
{
    /// <summary>The topology the kernel reads now.</summary>
    Topology Topology { get; }

    /// <summary>
    /// Makes <paramref name="topology"/> the kernel's topology, rebuilding its index tables in place (their arrays are
    /// reused when the sizes allow). The sizes may change. Must not run while a pass of this kernel runs.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    /// <exception cref="ArgumentException">The kernel cannot hold <paramref name="topology"/> (a dense kernel needs every edge present).</exception>
    void Rebuild(Topology topology);
}
