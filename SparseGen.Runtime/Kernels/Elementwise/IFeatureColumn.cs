namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// One sample's column of a feature-major <c>[units, batch]</c> buffer: element <c>j</c> is unit <c>j</c>'s value for
/// the sample. The CPU implements it over a span, device kernels over a device view.
/// </summary>
public interface IFeatureColumn
{
    /// <summary>The number of units.</summary>
    int Units { get; }

    /// <summary>Unit <paramref name="unit"/>'s value.</summary>
    float this[int unit] { get; set; }
}
