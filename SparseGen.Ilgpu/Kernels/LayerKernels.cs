using ILGPU;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// The layer kernels every topology shares, specialised by ILGPU on the topology struct <c>T</c> (its sizes folded
/// in when they are constants). Activations are feature-major, <c>[features, batch]</c>; in a 2-D index, X is the
/// sample and Y the unit, so neighbouring work-items read neighbouring activations.
/// </summary>
internal static class LayerKernels
{
    /// <summary>Work-items per weight slot of <see cref="WeightGradientReduce{T}"/>.</summary>
    public const int ReduceGroupSize = 64;

    /// <summary><c>z[j, b] = bias[j] + sum over edges (i, j) of w * x[i, b]</c> (Luo 2020, eq. 9), one work-item per <c>(b, j)</c>.</summary>
    public static void Forward<T>(Index2D index, T topology, ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> input, ArrayView<float> output, int batch)
        where T : struct, ISparseDeviceTopology
    {
        int b = index.X, j = index.Y;
        output[(j * batch) + b] = bias[j] + topology.Row(j, b, batch, weights, input);
    }

    /// <summary><c>dx[i, b] = sum over edges (i, j) of w * dz[j, b]</c>, one work-item per <c>(b, i)</c>.</summary>
    public static void BackwardInput<T>(Index2D index, T topology, ArrayView<float> weights, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch)
        where T : struct, ISparseDeviceTopology
    {
        int b = index.X, i = index.Y;
        inputGradient[(i * batch) + b] = topology.Column(i, b, batch, weights, outputGradient);
    }

    /// <summary><c>dw[s] = sum_b dz[j, b] * x[i, b]</c> for the edge <c>(i, j)</c> of slot <c>s</c> (0 for padding), one work-item per slot.</summary>
    public static void WeightGradient<T>(Index1D slot, T topology, ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch)
        where T : struct, IDeviceTopology
    {
        float sum = 0f;
        if (topology.Edge(slot, out int i, out int j))
        {
            for (int b = 0; b < batch; b++)
            {
                sum += outputGradient[(j * batch) + b] * input[(i * batch) + b];
            }
        }

        weightGradient[slot] = sum;
    }

    /// <summary>
    /// <see cref="WeightGradient{T}"/> by a group of <see cref="ReduceGroupSize"/> work-items per slot, for large
    /// batches: each strides over the batch, and the partial sums are added in a fixed tree (deterministic).
    /// </summary>
    public static void WeightGradientReduce<T>(T topology, ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch)
        where T : struct, IDeviceTopology
    {
        ArrayView<float> partial = SharedMemory.Allocate<float>(ReduceGroupSize);
        int slot = Grid.IdxX, lane = Group.IdxX;
        float sum = 0f;
        if (topology.Edge(slot, out int i, out int j))
        {
            for (int b = lane; b < batch; b += ReduceGroupSize)
            {
                sum += outputGradient[(j * batch) + b] * input[(i * batch) + b];
            }
        }

        partial[lane] = sum;
        Group.Barrier();
        for (int span = ReduceGroupSize / 2; span > 0; span >>= 1)
        {
            if (lane < span)
            {
                partial[lane] += partial[lane + span];
            }

            Group.Barrier();
        }

        if (lane == 0)
        {
            weightGradient[slot] = partial[0];
        }
    }

    /// <summary><c>db[j] = sum_b dz[j, b]</c>, one work-item per output.</summary>
    public static void BiasGradient(Index1D j, ArrayView<float> outputGradient, ArrayView<float> biasGradient, int batch)
    {
        float sum = 0f;
        for (int b = 0; b < batch; b++)
        {
            sum += outputGradient[(j * batch) + b];
        }

        biasGradient[j] = sum;
    }
}
