using System;
using System.Runtime.InteropServices;
using SparseGen.Kernels;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>dense-blas</c> command: SparseGen's own dense kernels (<see cref="DenseMath"/>) against OpenBLAS's
/// <c>cblas_sgemm</c> (Debian's libopenblas0-pthread, loaded at run time, one thread) on the MNIST MLP's shapes at
/// batch 32: the forward pass <c>Z = W X + b</c> and the backward pass (<c>dW = dZ X^T</c>, <c>db</c>, and
/// <c>dX = W^T dZ</c> where the layer has one). Medians of 2,000 calls.
/// </summary>
internal static unsafe class DenseVsBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    public static int Run()
    {
        if (!NativeLibrary.TryLoad("libopenblas.so.0", out IntPtr library))
        {
            Console.WriteLine("OpenBLAS (libopenblas.so.0) is not installed: apt-get install libopenblas0-pthread. Nothing to compare.");
            return 1;
        }

        var sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(library, "cblas_sgemm");
        var setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
        setThreads(1);
        Console.WriteLine($"load average {Timing.LoadAverage()}; OpenBLAS from libopenblas.so.0, 1 thread");
        Console.WriteLine("| layer (batch 32) | pass | SparseGen DenseMath | OpenBLAS sgemm | SparseGen / OpenBLAS |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        const int batch = 32;
        foreach (var (inputs, units, first) in new[] { (784, 250, true), (250, 10, false) })
        {
            float[] w = StrategyBenchmarks.Random(inputs * units), b = StrategyBenchmarks.Random(units), x = StrategyBenchmarks.Random(inputs * batch);
            float[] z = new float[units * batch], dz = StrategyBenchmarks.Random(units * batch), dw = new float[inputs * units], db = new float[units];
            float[] dx = first ? [] : new float[inputs * batch];
            double ownForward = Timing.MedianMicroseconds(() => DenseMath.Forward(w, b, x, z, inputs, units, batch), 2000, 500);
            double ownBackward = Timing.MedianMicroseconds(() => DenseMath.Backward(w, x, dz, dw, db, dx, inputs, units, batch), 2000, 500);
            double blasForward, blasBackward;
            fixed (float* pw = w, pb = b, px = x, pz = z, pdz = dz, pdw = dw, pdb = db, pdx = dx)
            {
                float* cw = pw, cb = pb, cx = px, cz = pz, cdz = pdz, cdw = pdw, cdb = pdb, cdx = pdx;
                blasForward = Timing.MedianMicroseconds(() =>
                {
                    for (int j = 0; j < units; j++)
                    {
                        new Span<float>(cz + (j * batch), batch).Fill(cb[j]);
                    }

                    sgemm(RowMajor, NoTrans, NoTrans, units, batch, inputs, 1f, cw, inputs, cx, batch, 1f, cz, batch);
                }, 2000, 500);
                blasBackward = Timing.MedianMicroseconds(() =>
                {
                    sgemm(RowMajor, NoTrans, Trans, units, inputs, batch, 1f, cdz, batch, cx, batch, 0f, cdw, inputs);
                    for (int j = 0; j < units; j++)
                    {
                        cdb[j] = System.Numerics.Tensors.TensorPrimitives.Sum(new ReadOnlySpan<float>(cdz + (j * batch), batch));
                    }

                    if (!first)
                    {
                        sgemm(RowMajor, Trans, NoTrans, inputs, batch, units, 1f, cw, inputs, cdz, batch, 0f, cdx, batch);
                    }
                }, 2000, 500);
            }

            Console.WriteLine($"| {inputs} x {units} | forward | {ownForward:F1} µs | {blasForward:F1} µs | {ownForward / blasForward:F2}x |");
            Console.WriteLine($"| {inputs} x {units} | backward ({(first ? "dW, db" : "dW, db, dX")}) | {ownBackward:F1} µs | {blasBackward:F1} µs | {ownBackward / blasBackward:F2}x |");
        }

        return 0;
    }
}
