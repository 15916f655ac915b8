namespace SparseGen.Backends.Device;

/// <summary>A kind of accelerator SparseGen can run layer kernels on.</summary>
public enum AcceleratorKind
{
    /// <summary>An OpenCL 1.2+ device through the installed ICD loader (libOpenCL.so.1), for example PoCL on the CPU or a GPU driver.</summary>
    OpenCL = 0,

    /// <summary>An NVIDIA GPU through the CUDA driver API (libcuda.so.1), kernels compiled by NVRTC.</summary>
    Cuda = 1,
}
