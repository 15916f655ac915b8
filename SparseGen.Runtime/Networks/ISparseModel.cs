using System;
using System.Collections.Generic;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// A sparse network: implemented at build time by the SparseGen generator for every
/// <c>[SparseModel]</c> class, and at run time by <see cref="GenericSparseModel"/>. The
/// <see cref="Trainer"/> trains any implementation through <see cref="Network"/>.
/// </summary>
public interface ISparseModel
{
    /// <summary>The layers and buffers that run the model's forward and backward passes.</summary>
    SparseNetwork Network { get; }

    /// <summary>Number of input features.</summary>
    int InputCount { get; }

    /// <summary>Number of outputs of the last layer.</summary>
    int OutputCount { get; }

    /// <summary>The layers in order.</summary>
    IReadOnlyList<ISparseLayer> Layers { get; }

    /// <summary>Re-initialises every weight from the layer's real fan-in and fan-out and zeroes every bias; see <see cref="SparseNetwork.Initialize"/>.</summary>
    void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform);

    /// <summary>Runs one sample through the model; see <see cref="SparseNetwork.Predict(ReadOnlySpan{float}, Span{float})"/>.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>Runs a feature-major batch through the model; see <see cref="SparseNetwork.Predict(ReadOnlySpan{float}, Span{float}, int)"/>.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize);
}
