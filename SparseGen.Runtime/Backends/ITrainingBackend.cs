using System;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen.Backends;

/// <summary>
/// Where a <see cref="SparseNetwork"/>'s training steps run (the CPU, or an accelerator), opened by an
/// <see cref="IBackend"/> for one network. The trainer drives every backend the same way: per batch
/// <see cref="Forward"/>, the loss on the host, <see cref="Backward"/>, <see cref="Step"/>; per epoch
/// <see cref="DownloadParameters"/> before the host reads the model and <see cref="UploadParameters"/> after the
/// host may have changed it (<see cref="UploadTopology"/> after it changed the topology). Activations are feature-major, <c>[features, batch]</c>. Not thread-safe.
/// </summary>
public interface ITrainingBackend : IDisposable
{
    /// <summary>The host network whose parameters this backend trains.</summary>
    SparseNetwork Network { get; }

    /// <summary>
    /// The training forward pass of <paramref name="input"/> (<c>[InputCount, batch]</c>), with inverted dropout
    /// drawn from <paramref name="dropout"/> when it is given. Returns the last layer's activations,
    /// <c>[OutputCount, batch]</c>, on the host, valid until the next call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/>'s length is not <c>InputCount * batch</c>.</exception>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Xoshiro256StarStar? dropout);

    /// <summary>
    /// The backward pass of the last <see cref="Forward"/> from <paramref name="outputGradient"/>, the gradient of the
    /// loss with respect to the last layer's pre-activations (<c>[OutputCount, batch]</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batch</c>.</exception>
    void Backward(ReadOnlySpan<float> outputGradient, int batch);

    /// <summary>
    /// Applies <paramref name="update"/> to every parameter from the gradients of the last <see cref="Backward"/>,
    /// after adding L2 <paramref name="weightDecay"/> times the weights to weight gradients (not biases), with the
    /// optimizer slots of <paramref name="state"/>. Returns false, with every parameter put back as it was before
    /// the step, when the step made a value NaN or infinite; <paramref name="nonFinite"/> then names the parameter.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="update"/> needs more slots than <paramref name="state"/> has.</exception>
    bool Step(ParameterUpdate update, OptimizerState state, double weightDecay, out string nonFinite);

    /// <summary>
    /// Runs a batch without dropout on the backend's current parameters: <paramref name="input"/> is
    /// <c>[InputCount, batch]</c>, <paramref name="output"/> receives <c>[OutputCount, batch]</c>. Between training
    /// steps only (it may reuse the buffers of <see cref="Forward"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one expected.</exception>
    void Predict(ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <summary>Makes the host network's parameters, and the optimizer state of the last <see cref="Step"/>, current (a copy from the device; nothing on the CPU).</summary>
    void DownloadParameters();

    /// <summary>Makes the backend's parameters those of the host network again, after the host changed them (nothing on the CPU).</summary>
    void UploadParameters();

    /// <summary>
    /// Makes the backend match the host network after its topology changed (<see cref="SparseNetwork.Rewire"/>: edges
    /// moved, layers resized): a device rebuilds its index tables and buffers and uploads the parameters and the host's
    /// optimizer state; the CPU resizes its scratch copies.
    /// </summary>
    void UploadTopology();
}
