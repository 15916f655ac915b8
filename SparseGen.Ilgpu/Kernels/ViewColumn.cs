using ILGPU;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>Sample <c>b</c>'s column of a <c>[units, batch]</c> device view, for <see cref="SoftmaxMath"/>.</summary>
internal readonly struct ViewColumn(ArrayView<float> values, int b, int units, int batch) : IFeatureColumn
{
    public int Units => units;

    public float this[int unit]
    {
        get => values[(unit * batch) + b];
        set => values[(unit * batch) + b] = value;
    }
}
