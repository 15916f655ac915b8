using System;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>Training on the host: the network's own kernels over its host arrays. The default backend of a trainer.</summary>
public sealed class CpuBackend : IBackend
{
    private readonly int _threads = Environment.ProcessorCount;

    /// <inheritdoc />
    public string Name => _threads == 1 ? "CPU" : $"CPU ({_threads} threads)";

    /// <summary>
    /// Threads that each batch's forward and backward passes (and validation) use, the calling thread included:
    /// <see cref="Environment.ProcessorCount"/> by default. A batch runs as chunks of
    /// <see cref="SparseNetwork.ChunkSize"/> samples, so a batch of up to that many uses one thread whatever the
    /// setting; results are the same, bit for bit, for every thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int Threads
    {
        get => _threads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _threads = value;
        }
    }

    /// <inheritdoc />
    public ITrainingBackend Open(SparseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new CpuTraining(network, _threads);
    }
}
