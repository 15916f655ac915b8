namespace SparseGen.Ilgpu;

/// <summary>
/// A layer kernel with device kernels specialised to its topology. The generator implements it on each generated
/// layer when the compilation references SparseGen.Ilgpu; <see cref="IlgpuTraining"/> falls back to the generic
/// kernels (which read the topology at run time) for any other <c>SparseGen.Kernels.ILayerKernel</c>.
/// </summary>
public interface IIlgpuLayer
{
    /// <summary>Loads this layer's kernels through <paramref name="loader"/> (on its accelerator).</summary>
    /// <exception cref="System.ArgumentNullException"><paramref name="loader"/> is null.</exception>
    LayerProgram Load(KernelLoader loader);
}
