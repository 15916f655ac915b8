using SparseGen.Networks;
namespace SparseGen;

/// <summary>
/// How <see cref="SparseNetwork.Initialize"/> draws weights. Every scheme uses the layer's real sparse degrees:
/// fan-in <c>E / nout</c> and fan-out <c>E / nin</c>, not the dense <c>nin</c> and <c>nout</c> (for a dense layer
/// they are the same). Biases start at zero.
/// </summary>
public enum WeightInitializer
{
    /// <summary><c>U(-r, r)</c>, <c>r = sqrt(6 / (fan_in + fan_out))</c> (Glorot and Bengio 2010, eq. 16).</summary>
    GlorotUniform = 0,

    /// <summary><c>N(0, s^2)</c>, <c>s = sqrt(2 / (fan_in + fan_out))</c> (Glorot and Bengio 2010; untruncated).</summary>
    GlorotNormal = 1,

    /// <summary><c>N(0, s^2)</c>, <c>s = sqrt(2 / fan_in)</c> (He et al. 2015, eq. 10), for ReLU layers.</summary>
    HeNormal = 2,

    /// <summary><c>U(-r, r)</c>, <c>r = sqrt(6 / fan_in)</c>: the uniform law with He's variance.</summary>
    HeUniform = 3,
}
