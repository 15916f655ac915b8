namespace SparseGen.Ilgpu;

/// <summary>The kinds of accelerator ILGPU can drive.</summary>
public enum IlgpuDevice
{
    /// <summary>ILGPU's CPU accelerator: kernels run as .NET code on the host's threads (slow; for tests and machines without a GPU).</summary>
    Cpu = 0,

    /// <summary>The first NVIDIA GPU, through the CUDA driver.</summary>
    Cuda = 1,

    /// <summary>The first OpenCL 2.0+ device ILGPU supports (a GPU when there is one).</summary>
    OpenCL = 2,
}
