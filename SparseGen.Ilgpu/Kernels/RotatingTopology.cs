using ILGPU;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>A rotating layer on a device, its indices computed from the shifts (<see cref="IRotationShape"/>); weight slot <c>t * nin + i</c>, the host kernel's own order.</summary>
/// <typeparam name="TShape">The generated shifts and sizes.</typeparam>
/// <param name="shape">The shifts and sizes.</param>
public readonly struct RotatingTopology<TShape>(TShape shape) : ISparseDeviceTopology
    where TShape : struct, IRotationShape
{
    /// <inheritdoc />
    public int Inputs => shape.Inputs;

    /// <inheritdoc />
    public int Units => shape.Units;

    /// <inheritdoc />
    public int SlotCount => shape.Degree * shape.Inputs;

    /// <inheritdoc />
    public bool Edge(int slot, out int input, out int output)
    {
        input = slot % shape.Inputs;
        output = (shape.Shift(slot / shape.Inputs) + input) % shape.Units;
        return true;
    }

    /// <inheritdoc />
    public float Row(int j, int b, int batch, ArrayView<float> weights, ArrayView<float> input)
    {
        int inputs = shape.Inputs, units = shape.Units;
        float sum = 0f;
        for (int t = 0; t < shape.Degree; t++)
        {
            for (int i = (j - shape.Shift(t) + units) % units; i < inputs; i += units)
            {
                sum += weights[(t * inputs) + i] * input[(i * batch) + b];
            }
        }

        return sum;
    }

    /// <inheritdoc />
    public float Column(int i, int b, int batch, ArrayView<float> weights, ArrayView<float> outputGradient)
    {
        int inputs = shape.Inputs, units = shape.Units;
        float sum = 0f;
        for (int t = 0; t < shape.Degree; t++)
        {
            sum += weights[(t * inputs) + i] * outputGradient[(((shape.Shift(t) + i) % units) * batch) + b];
        }

        return sum;
    }
}
