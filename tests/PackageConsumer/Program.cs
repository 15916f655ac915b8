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
if (Math.Abs(output[0] + output[1] + output[2] - 1f) >= 1e-5f)
{
    return 1;
}

#if WITH_ILGPU
// With SparseGen.Ilgpu installed, the generated layers carry device shapes and run on ILGPU's CPU accelerator.
using var device = SparseGen.Ilgpu.IlgpuBackend.Create(SparseGen.Ilgpu.IlgpuDevice.Cpu);
using SparseGen.Backends.ITrainingBackend training = device.Open(((ISparseModel)model).Network);
var onDevice = new float[3];
training.Predict(input, onDevice, 1);
Console.WriteLine($"on {device.Name}: generated device code {model.Hidden.Kernel is SparseGen.Ilgpu.IIlgpuLayer}, largest difference from the CPU {Math.Max(Math.Abs(onDevice[0] - output[0]), Math.Max(Math.Abs(onDevice[1] - output[1]), Math.Abs(onDevice[2] - output[2]))):E1}");
if (model.Hidden.Kernel is not SparseGen.Ilgpu.IIlgpuLayer || Math.Abs(onDevice[0] - output[0]) > 1e-5f)
{
    return 1;
}
#endif

return 0;

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
