using ILGPU;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// What the weight-gradient kernels need of a layer on a device: its weight slots and the edge of each. Activations
/// are feature-major, <c>[features, batch]</c>, element <c>(f, b)</c> at <c>f * batch + b</c>.
/// </summary>
public interface IDeviceTopology
{
    /// <summary>The number of inputs <c>nin</c>.</summary>
    int Inputs { get; }

    /// <summary>The number of outputs <c>nout</c>.</summary>
    int Units { get; }

    /// <summary>The length of the device weight buffer (padding slots included).</summary>
    int SlotCount { get; }

    /// <summary>Sets the input and output of weight slot <paramref name="slot"/>; false for a padding slot.</summary>
    bool Edge(int slot, out int input, out int output);
}

/// <summary>A sparse layer's row and column sums, which the forward and input-gradient kernels run one per work-item.</summary>
public interface ISparseDeviceTopology : IDeviceTopology
{
    /// <summary><c>sum over edges (i, j) of w[slot] * x[i, b]</c>, the bias left out.</summary>
    float Row(int j, int b, int batch, ArrayView<float> weights, ArrayView<float> input);

    /// <summary><c>sum over edges (i, j) of w[slot] * dz[j, b]</c>, gathered per input (no atomics).</summary>
    float Column(int i, int b, int batch, ArrayView<float> weights, ArrayView<float> outputGradient);
}
