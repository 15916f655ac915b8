using ILGPU;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// A dense layer's forward and input-gradient passes, tiled: each group of <see cref="GroupWidth"/> samples by
/// <see cref="GroupHeight"/> units stages <see cref="Tile"/> rows of the weights and of its samples in shared
/// memory, so each value read from global memory serves the whole group (weights <c>i * nout + j</c>,
/// <see cref="DenseTopology{TShape}"/>).
/// </summary>
internal static class DenseKernels
{
    /// <summary>Samples per group (X).</summary>
    public const int GroupWidth = 16;

    /// <summary>Units per group (Y).</summary>
    public const int GroupHeight = 16;

    /// <summary>Rows staged per step.</summary>
    public const int Tile = 16;

    /// <summary><c>z = W x + bias</c> over a 2-D grid of groups: X the samples, Y the outputs.</summary>
    public static void Forward<TShape>(TShape shape, ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> input, ArrayView<float> output, int batch)
        where TShape : struct, ILayerShape
    {
        ArrayView<float> xs = SharedMemory.Allocate<float>(Tile * GroupWidth);
        ArrayView<float> ws = SharedMemory.Allocate<float>(Tile * GroupHeight);
        int inputs = shape.Inputs, units = shape.Units;
        int lx = Group.IdxX, ly = Group.IdxY, b0 = Grid.IdxX * GroupWidth, j0 = Grid.IdxY * GroupHeight;
        int b = b0 + lx, j = j0 + ly;
        float sum = 0f;
        for (int i0 = 0; i0 < inputs; i0 += Tile)
        {
            // With 16 x 16 work-items, each stages one value of each tile.
            int i = i0 + ly;
            xs[(ly * GroupWidth) + lx] = i < inputs && b < batch ? input[(i * batch) + b] : 0f;
            int r = i0 + lx;
            ws[(lx * GroupHeight) + ly] = r < inputs && j < units ? weights[(r * units) + j] : 0f;
            Group.Barrier();
            for (int k = 0; k < Tile; k++)
            {
                sum += ws[(k * GroupHeight) + ly] * xs[(k * GroupWidth) + lx];
            }

            Group.Barrier();
        }

        if (b < batch && j < units)
        {
            output[(j * batch) + b] = bias[j] + sum;
        }
    }

    /// <summary><c>dx = W^T dz</c> over a 2-D grid of groups: X the samples, Y the inputs.</summary>
    public static void BackwardInput<TShape>(TShape shape, ArrayView<float> weights, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch)
        where TShape : struct, ILayerShape
    {
        ArrayView<float> gs = SharedMemory.Allocate<float>(Tile * GroupWidth);
        ArrayView<float> ws = SharedMemory.Allocate<float>(Tile * GroupHeight);
        int inputs = shape.Inputs, units = shape.Units;
        int lx = Group.IdxX, ly = Group.IdxY, b0 = Grid.IdxX * GroupWidth, i0 = Grid.IdxY * GroupHeight;
        int b = b0 + lx, i = i0 + ly;
        float sum = 0f;
        for (int j0 = 0; j0 < units; j0 += Tile)
        {
            int j = j0 + ly;
            gs[(ly * GroupWidth) + lx] = j < units && b < batch ? outputGradient[(j * batch) + b] : 0f;
            int c = j0 + lx;
            ws[(lx * GroupHeight) + ly] = c < units && i < inputs ? weights[(i * units) + c] : 0f;
            Group.Barrier();
            for (int k = 0; k < Tile; k++)
            {
                sum += ws[(k * GroupHeight) + ly] * gs[(k * GroupWidth) + lx];
            }

            Group.Barrier();
        }

        if (b < batch && i < inputs)
        {
            inputGradient[(i * batch) + b] = sum;
        }
    }
}
