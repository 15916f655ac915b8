using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Core.Random;
using SparseGen.Networks;

namespace SparseGen.Backends.Cpu;

/// <summary>A network training on the host: its own forward and backward passes, and each step applied in place.</summary>
internal sealed class CpuTraining : ITrainingBackend
{
    private readonly int _threads;
    private float[][] _lastGood;
    private bool[] _isWeight;

    public CpuTraining(SparseNetwork network, int threads)
    {
        Network = network;
        _threads = threads;
        (_lastGood, _isWeight) = Scratch(network);
    }

    public SparseNetwork Network { get; }

    /// <summary>Threads of the passes, the calling thread included.</summary>
    public int Threads => _threads;

    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Xoshiro256StarStar? dropout) => Network.ForwardOn(input, batch, dropout, _threads);

    public void Backward(ReadOnlySpan<float> outputGradient, int batch) => Network.BackwardOn(outputGradient, batch, _threads);

    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch) => Network.PredictOn(input, output, batch, _threads);

    /// <summary>
    /// Steps each parameter with weight decay folded into the update (weights only), keeping each old value as the
    /// update overwrites it, and puts every parameter back if any new value is not finite.
    /// </summary>
    public bool Step(ParameterUpdate update, OptimizerState state, double weightDecay, out string nonFinite)
    {
        IReadOnlyList<Parameter> parameters = Network.Parameters;
        for (int p = 0; p < parameters.Count; p++)
        {
            float decay = _isWeight[p] ? (float)weightDecay : 0f;
            if (!CpuUpdate.Apply(update, parameters[p], state, decay, _lastGood[p]))
            {
                for (int q = 0; q <= p; q++)
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

    /// <summary>A rewired network has parameters of new lengths; the step's scratch follows them.</summary>
    public void UploadTopology() => (_lastGood, _isWeight) = Scratch(Network);

    public void Dispose()
    {
    }

    private static (float[][] LastGood, bool[] IsWeight) Scratch(SparseNetwork network)
    {
        var weights = network.Layers.Select(l => l.Weights).ToHashSet();
        return (network.Parameters.Select(p => new float[p.Length]).ToArray(), network.Parameters.Select(weights.Contains).ToArray());
    }
}
