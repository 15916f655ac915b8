namespace SparseGen;

/// <summary>
/// How <see cref="SparseEvolution"/> draws the weight of a new edge. The references differ; each option names its
/// source. Degrees are the layer's sparse ones, fan-in <c>E / nout</c> and fan-out <c>E / nin</c>, as in
/// <see cref="WeightInitializer"/>.
/// </summary>
public enum RegrowthInitializer
{
    /// <summary>
    /// <c>U(-r, r)</c>, <c>r = sqrt(6 / (fan_in + fan_out))</c>: the law <see cref="ISparseModel.Initialize"/> draws the
    /// first weights from by default, so a new edge starts as the first ones did (the SET reference's
    /// <c>set_mlp_sequential.py</c> likewise draws new weights from its initialisation's uniform range).
    /// </summary>
    GlorotUniform = 0,

    /// <summary><c>U(-r, r)</c>, <c>r = sqrt(6 / fan_in)</c> (the SET-MPI reference's <c>he_uniform</c> option).</summary>
    HeUniform = 1,

    /// <summary><c>N(0, 0.1^2)</c>: <c>np.random.randn() / 10</c> of the first SET reference, <c>set_mlp_sparse_data_structures.py</c>.</summary>
    Normal = 2,

    /// <summary>Zero: the Keras reference (<c>SET-MLP-Keras-Weights-Mask</c>) masks a dense matrix, so a new connection starts at 0.</summary>
    Zero = 3,
}
