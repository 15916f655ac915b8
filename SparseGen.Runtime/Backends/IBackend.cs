using SparseGen.Networks;

namespace SparseGen.Backends;

/// <summary>A place where networks train: <see cref="Cpu.CpuBackend"/>, or an accelerator (<c>SparseGen.Backends.Device.Accelerator</c>).</summary>
public interface IBackend
{
    /// <summary>A short description for logs, such as <c>CPU</c> or the device's name.</summary>
    string Name { get; }

    /// <summary>Prepares <paramref name="network"/> for training here (on a device: builds its kernels and uploads its parameters).</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="network"/> is null.</exception>
    ITrainingBackend Open(SparseNetwork network);
}
