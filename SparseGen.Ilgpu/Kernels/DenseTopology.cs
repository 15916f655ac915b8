namespace SparseGen.Ilgpu.Kernels;

/// <summary>A dense layer on a device: weight slot <c>i * nout + j</c> joins input <c>i</c> to output <c>j</c> (column-major ELLPACK with <c>k = i</c>, no tables).</summary>
/// <typeparam name="TShape">The sizes.</typeparam>
/// <param name="shape">The sizes.</param>
public readonly struct DenseTopology<TShape>(TShape shape) : IDeviceTopology
    where TShape : struct, ILayerShape
{
    /// <inheritdoc />
    public int Inputs => shape.Inputs;

    /// <inheritdoc />
    public int Units => shape.Units;

    /// <inheritdoc />
    public int SlotCount => shape.Inputs * shape.Units;

    /// <inheritdoc />
    public bool Edge(int slot, out int input, out int output)
    {
        input = slot / shape.Units;
        output = slot % shape.Units;
        return true;
    }
}
