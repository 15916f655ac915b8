namespace SparseGen.Kernels.Elementwise;

/// <summary>
/// Single-precision arithmetic on one value or on a SIMD vector of them, so that each element-wise formula of
/// training (activations, dropout, optimizer updates) is written once: the CPU runs it on <see cref="Lanes"/> with
/// a <see cref="Scalar"/> tail, and device kernels (SparseGen.Ilgpu) on <see cref="Scalar"/>. Every lane does the
/// scalar operations in the same order, without fused multiply-adds, so both forms agree bit for bit.
/// </summary>
/// <typeparam name="T">The implementing type.</typeparam>
public interface IFloatLanes<T>
    where T : struct, IFloatLanes<T>
{
    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract T Splat(float value);

    /// <summary>Lane-wise sum.</summary>
    static abstract T operator +(T left, T right);

    /// <summary>Lane-wise difference.</summary>
    static abstract T operator -(T left, T right);

    /// <summary>Lane-wise product.</summary>
    static abstract T operator *(T left, T right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract T operator /(T left, T right);

    /// <summary>Lane-wise square root.</summary>
    static abstract T Sqrt(T value);

    /// <summary>Lane-wise <c>e^x</c>.</summary>
    static abstract T Exp(T value);

    /// <summary>Each lane of <paramref name="value"/> where <paramref name="condition"/>'s lane is above zero, else 0 (a NaN condition gives 0).</summary>
    static abstract T WherePositive(T condition, T value);

    /// <summary>Lane-wise <c>max(value, 0)</c>; a NaN stays NaN.</summary>
    static abstract T Relu(T value);

    /// <summary>Each lane of <paramref name="negative"/> where <paramref name="condition"/>'s lane is below zero, else of <paramref name="otherwise"/> (a NaN condition gives <paramref name="otherwise"/>).</summary>
    static abstract T WhereNegative(T condition, T negative, T otherwise);
}
