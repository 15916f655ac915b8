using ILGPU;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// A layer in column-major ELLPACK on a device (<see cref="EllTables"/>): weight slot <c>k * nout + j</c> is the k-th
/// edge into output <c>j</c>, from input <c>SlotInputs[k * nout + j]</c> (-1 past the row's end); <c>InputSlots[k * nin + i]</c>
/// is the slot of the k-th edge out of input <c>i</c> (-1 past its end).
/// </summary>
/// <typeparam name="TShape">The sizes: constants for a generated layer, fields for the generic kernels.</typeparam>
public readonly struct EllTopology<TShape> : ISparseDeviceTopology
    where TShape : struct, IEllShape
{
    private readonly TShape _shape;
    private readonly ArrayView<int> _slotInputs;
    private readonly ArrayView<int> _inputSlots;

    /// <summary>Pairs the sizes with the tables in device memory.</summary>
    public EllTopology(TShape shape, ArrayView<int> slotInputs, ArrayView<int> inputSlots)
    {
        _shape = shape;
        _slotInputs = slotInputs;
        _inputSlots = inputSlots;
    }

    /// <inheritdoc />
    public int Inputs => _shape.Inputs;

    /// <inheritdoc />
    public int Units => _shape.Units;

    /// <inheritdoc />
    public int SlotCount => _shape.Width * _shape.Units;

    /// <inheritdoc />
    public bool Edge(int slot, out int input, out int output)
    {
        input = _slotInputs[slot];
        output = slot % _shape.Units;
        return input >= 0;
    }

    /// <inheritdoc />
    public float Row(int j, int b, int batch, ArrayView<float> weights, ArrayView<float> input)
    {
        int units = _shape.Units;
        float sum = 0f;
        for (int k = 0; k < _shape.Width; k++)
        {
            int i = _slotInputs[(k * units) + j];
            if (i < 0)
            {
                break;
            }

            sum += weights[(k * units) + j] * input[(i * batch) + b];
        }

        return sum;
    }

    /// <inheritdoc />
    public float Column(int i, int b, int batch, ArrayView<float> weights, ArrayView<float> outputGradient)
    {
        int inputs = _shape.Inputs, units = _shape.Units;
        float sum = 0f;
        for (int k = 0; k < _shape.InputWidth; k++)
        {
            int s = _inputSlots[(k * inputs) + i];
            if (s < 0)
            {
                break;
            }

            sum += weights[s] * outputGradient[((s % units) * batch) + b];
        }

        return sum;
    }
}
