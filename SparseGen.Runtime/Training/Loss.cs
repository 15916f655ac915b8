using System;
using SparseGen.Kernels;
using SparseGen.Kernels.Elementwise;

namespace SparseGen;

/// <summary>A loss function over feature-major <c>[classes, batch]</c> outputs and targets.</summary>
public abstract class Loss
{
    /// <summary>
    /// Categorical cross-entropy fused with a softmax output layer: <c>L = -(1/B) sum_b sum_j t[j, b] log p[j, b]</c>,
    /// whose gradient with respect to the pre-activations is <c>(p - t) / B</c> (Bishop 2006, eq. 4.109).
    /// </summary>
    public static Loss CategoricalCrossEntropy { get; } = new CategoricalCrossEntropyLoss();

    /// <summary>
    /// Mean squared error, <c>L = (1 / (B n)) sum_b sum_j (a[j, b] - t[j, b])^2</c> as Keras averages it, with
    /// <c>dL/da = 2 (a - t) / (B n)</c> passed back through the output activation; Bourely et al. 2017 (section 4)
    /// train sigmoid outputs with it.
    /// </summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredErrorLoss();

    /// <summary>Throws when the loss cannot follow a last layer with <paramref name="activation"/> and <paramref name="dropout"/>.</summary>
    /// <exception cref="ArgumentException">The combination is not supported; the message says what to change.</exception>
    public virtual void Validate(Activation activation, double dropout)
    {
        if (ActivationMath.ReadsInput(activation))
        {
            throw new ArgumentException($"The output layer's activation is {activation}, whose derivative needs the pre-activations; the loss sees only the outputs. Use {activation} on hidden layers (as All-ReLU does) and Linear, Sigmoid or Softmax on the output layer.");
        }

        if (dropout > 0)
        {
            throw new ArgumentException($"The output layer has dropout {dropout}; the loss reads the output layer's activations directly. Move the dropout to a hidden layer.");
        }
    }

    /// <summary>
    /// Returns the mean loss over the batch and writes <c>dL/dz</c>, the gradient with respect to the last
    /// layer's pre-activations, into <paramref name="gradient"/>.
    /// </summary>
    /// <param name="outputs">The last layer's activations, <c>[classes, batch]</c>.</param>
    /// <param name="targets">Targets, <c>[classes, batch]</c> (one-hot for classification).</param>
    /// <param name="batch">Number of samples.</param>
    /// <param name="activation">The last layer's activation, whose derivative the gradient goes through.</param>
    /// <param name="gradient"><c>[classes, batch]</c>, overwritten.</param>
    public abstract double Compute(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch, Activation activation, Span<float> gradient);

    /// <summary>Returns the summed (not mean) loss of a batch, without a gradient, for evaluation.</summary>
    public abstract double Sum(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch);

    private sealed class CategoricalCrossEntropyLoss : Loss
    {
        private const float MinProbability = 1e-7f;

        public override void Validate(Activation activation, double dropout)
        {
            if (activation != Activation.Softmax)
            {
                throw new ArgumentException($"Categorical cross-entropy needs a Softmax output layer; the last layer's activation is {activation}. Declare it with Activation = Activation.Softmax, or use Loss.MeanSquaredError.");
            }

            base.Validate(activation, dropout);
        }

        public override double Compute(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch, Activation activation, Span<float> gradient)
        {
            float scale = 1f / batch;
            for (int k = 0; k < outputs.Length; k++)
            {
                gradient[k] = (outputs[k] - targets[k]) * scale;
            }

            return Sum(outputs, targets, batch) / batch;
        }

        public override double Sum(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch)
        {
            double sum = 0;
            for (int k = 0; k < outputs.Length; k++)
            {
                if (targets[k] != 0)
                {
                    sum -= targets[k] * Math.Log(Math.Max(outputs[k], MinProbability));
                }
            }

            return sum;
        }
    }

    private sealed class MeanSquaredErrorLoss : Loss
    {
        public override double Compute(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch, Activation activation, Span<float> gradient)
        {
            int units = outputs.Length / batch;
            float scale = 2f / outputs.Length;
            for (int k = 0; k < outputs.Length; k++)
            {
                gradient[k] = (outputs[k] - targets[k]) * scale;
            }

            Activations.Backward(activation, outputs, gradient, units, batch);
            return Sum(outputs, targets, batch) / batch;
        }

        /// <summary>Per sample, the mean over the outputs of the squared error; summed over the batch.</summary>
        public override double Sum(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch)
        {
            double sum = 0;
            for (int k = 0; k < outputs.Length; k++)
            {
                double d = outputs[k] - targets[k];
                sum += d * d;
            }

            return sum * batch / outputs.Length;
        }
    }
}
