using System;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>Training on the host: the network's own kernels over its host arrays. The default backend of a trainer.</summary>
public sealed class CpuBackend : IBackend
{
    /// <inheritdoc />
    public string Name => "CPU";

    /// <inheritdoc />
    public ITrainingBackend Open(SparseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new CpuTraining(network);
    }
}
