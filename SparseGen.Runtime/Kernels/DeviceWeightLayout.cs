namespace SparseGen.Kernels;

/// <summary>How a layer's device kernels order its weights, relative to the host kernel's weight order.</summary>
public enum DeviceWeightLayout
{
    /// <summary>
    /// k-major ELL: slot <c>k * nout + j</c> holds the k-th edge into output <c>j</c> (canonical order within a row),
    /// rows padded with zero weights to the largest fan-in. Used by seeded and dense layers and the generic kernel.
    /// </summary>
    Ell = 0,

    /// <summary>The host kernel's own order, slot for slot (rotating layers: shift-major, <c>t * nin + i</c>).</summary>
    KernelOrder = 1,
}
