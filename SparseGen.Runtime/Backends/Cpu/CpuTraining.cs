using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>A network training on the host: its own forward and backward passes, and each step applied in place.</summary>
internal sealed class CpuTraining : ITrainingBackend
{
    private float[][] _lastGood;

    public CpuTraining(SparseNetwork network)
    {
        Network = network;
        _lastGood = Scratch(network);
    }

    public SparseNetwork Network { get; }

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Xoshiro256StarStar? dropout) => Network.Forward(input, batch, dropout);

    public void Backward(ReadOnlySpan<float> outputGradient, int batch) => Network.Backward(outputGradient, batch);

    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch) => Network.Predict(input, output, batch);

    /// <summary>Adds weight decay, keeps a copy of the parameters, steps, and puts the copy back if any value stopped being finite.</summary>
    public bool Step(ParameterUpdate update, OptimizerState state, double weightDecay, out string nonFinite)
    {
        IReadOnlyList<Parameter> parameters = Network.Parameters;
        if (weightDecay > 0)
        {
            foreach (ISparseLayer layer in Network.Layers)
            {
                TensorPrimitives.MultiplyAdd(layer.Weights.Values, (float)weightDecay, layer.Weights.Gradients, layer.Weights.Gradients);
            }
        }

        for (int p = 0; p < parameters.Count; p++)
        {
            parameters[p].Values.CopyTo(_lastGood[p], 0);
        }

        CpuUpdate.Apply(update, parameters, state);
        for (int p = 0; p < parameters.Count; p++)
        {
            if (!IsFinite(parameters[p].Values))
            {
                for (int q = 0; q < parameters.Count; q++)
                {
                    _lastGood[q].CopyTo(parameters[q].Values, 0);
                }

                nonFinite = parameters[p].Name;
                return false;
            }
        }

        nonFinite = "";
        return true;
    }

    public void DownloadParameters()
    {
    }

    public void UploadParameters()
    {
    }

    public void UploadTopology()
    {
        if (!_lastGood.Select(a => a.Length).SequenceEqual(Network.Parameters.Select(p => p.Length)))
        {
            _lastGood = Scratch(Network);
        }
    }

    public void Dispose()
    {
    }

    private static float[][] Scratch(SparseNetwork network) => network.Parameters.Select(p => new float[p.Length]).ToArray();

    private static bool IsFinite(ReadOnlySpan<float> values)
    {
        // A NaN or infinity makes the (SIMD) sum non-finite; only then, or on overflow, is each value looked at.
        if (float.IsFinite(TensorPrimitives.Sum(values)))
        {
            return true;
        }

        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
