using System;
using System.Runtime.CompilerServices;

namespace SparseGen.Kernels.Elementwise;

/// <summary>One single-precision value as <see cref="IFloatLanes{T}"/>: the form device kernels and the CPU's loop tails use.</summary>
/// <param name="Value">The value.</param>
public readonly record struct Scalar(float Value) : IFloatLanes<Scalar>
{
    /// <inheritdoc />
    public static Scalar Splat(float value) => new(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar operator +(Scalar left, Scalar right) => new(left.Value + right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar operator -(Scalar left, Scalar right) => new(left.Value - right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar operator *(Scalar left, Scalar right) => new(left.Value * right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scalar operator /(Scalar left, Scalar right) => new(left.Value / right.Value);

    /// <inheritdoc />
    public static Scalar Sqrt(Scalar value) => new(MathF.Sqrt(value.Value));

    /// <inheritdoc />
    public static Scalar Exp(Scalar value) => new(MathF.Exp(value.Value));

    /// <inheritdoc />
    public static Scalar WherePositive(Scalar condition, Scalar value) => new(condition.Value > 0f ? value.Value : 0f);

    /// <inheritdoc />
    public static Scalar Relu(Scalar value) => new(value.Value < 0f ? 0f : value.Value);

    /// <inheritdoc />
    public static Scalar WhereNegative(Scalar condition, Scalar negative, Scalar otherwise) => new(condition.Value < 0f ? negative.Value : otherwise.Value);
}
