using System;
using SparseGen;
using SparseGen.Networks;

// A user's program that installed the SparseGen package: the model below is generated in this build.
var model = new Consumer.TinyNet();
var input = new float[16];
input[3] = 1f;
var output = new float[3];
model.Predict(input, output);
Console.WriteLine($"layers: {model.Layers.Count}, hidden strategy {model.Hidden.Kernel.Strategy}, edges {Consumer.TinyNet.HiddenKernel.Edges}, fingerprint 0x{model.Hidden.Fingerprint:X16}");
Console.WriteLine($"probabilities sum to {output[0] + output[1] + output[2]:F6}");
return Math.Abs(output[0] + output[1] + output[2] - 1f) < 1e-5f ? 0 : 1;

namespace Consumer
{
    [SparseModel(Inputs = 16)]
    public sealed partial class TinyNet
    {
        [SparseLayer(0.25, ConnectivityPattern.Uniform, 7, Units = 8, Activation = Activation.Relu)]
        public partial ISparseLayer Hidden { get; }

        [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 3, Activation = Activation.Softmax)]
        public partial ISparseLayer Output { get; }
    }
}
