using System;
using SparseGen;

namespace SparseGen.Examples.Mnist;

/// <summary>Picks the compiled model for a density, or builds one at run time (generic kernels) when asked or when that density was not compiled in.</summary>
internal static class MnistModels
{
    private const int HiddenUnits = 250;

    /// <summary>Why the Uniform hidden layer cannot have <paramref name="density"/> with <paramref name="inputs"/> inputs (<see cref="HiddenLayer.DensityProblem"/>), or null.</summary>
    public static string? DensityProblem(double density, int inputs) => HiddenLayer.DensityProblem(ConnectivityPattern.Uniform, density, inputs, HiddenUnits);

    public static (ISparseModel Model, string Kernels) Create(double density, int inputs, int classes, bool generic = false)
    {
        if (inputs == 784 && classes == 10 && !generic)
        {
            ISparseModel? compiled = density switch
            {
                0.01 => new MnistUsn001(),
                0.05 => new MnistUsn005(),
                0.1 => new MnistUsn010(),
                0.2 => new MnistUsn020(),
                1.0 => new MnistDense(),
                _ => null,
            };
            if (compiled is not null)
            {
                return (compiled, "generated");
            }
        }

        var hidden = density == 1.0
            ? new LayerSpec("Hidden", ConnectivityPattern.Dense, HiddenUnits, 1.0, 0, Activation.Relu, 0.2)
            : new LayerSpec("Hidden", ConnectivityPattern.Uniform, HiddenUnits, density, 42, Activation.Relu, 0.2);
        var output = new LayerSpec("Output", ConnectivityPattern.Dense, classes, 1.0, 0, Activation.Softmax);
        return (new GenericSparseModel(inputs, [hidden, output], format: SparseFormat.Ell), generic ? "generic ELL" : "generic ELL (density not compiled in)");
    }
}
