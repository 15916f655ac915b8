namespace SparseGen;

/// <summary>The activation function applied to a layer's pre-activations <c>z = W x + b</c>.</summary>
public enum Activation
{
    /// <summary>Identity: <c>a = z</c>.</summary>
    Linear = 0,

    /// <summary>Rectified linear unit: <c>a = max(0, z)</c>.</summary>
    Relu = 1,

    /// <summary>Logistic sigmoid: <c>a = 1 / (1 + exp(-z))</c>.</summary>
    Sigmoid = 2,

    /// <summary>Hyperbolic tangent: <c>a = tanh(z)</c>.</summary>
    Tanh = 3,

    /// <summary>Softmax over the layer's units, per sample: <c>a_j = exp(z_j) / sum_k exp(z_k)</c>.</summary>
    Softmax = 4,

    /// <summary>
    /// Leaky rectified linear unit with the layer's negative slope <c>s</c> (its <c>NegativeSlope</c>):
    /// <c>a = z</c> for <c>z &gt;= 0</c>, <c>a = s z</c> for <c>z &lt; 0</c>; <c>s</c> is any finite value, negative
    /// included. Alternating slopes across hidden layers give All-ReLU (<c>AllRelu.Slope</c>). Its derivative needs the
    /// sign of <c>z</c>, which a negative slope folds away, so training keeps the layer's pre-activations.
    /// </summary>
    LeakyRelu = 5,
}
