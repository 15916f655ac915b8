using System.Numerics;
using System.Runtime.CompilerServices;

namespace SparseGen.Kernels.Elementwise;

/// <summary>A SIMD vector of single-precision values as <see cref="IFloatLanes{T}"/>: the form of the CPU's loop bodies.</summary>
/// <param name="Value">The lanes.</param>
public readonly record struct Lanes(Vector<float> Value) : IFloatLanes<Lanes>
{
    /// <summary>The number of lanes, <see cref="Vector{T}.Count"/>.</summary>
    public static int Count => Vector<float>.Count;

    /// <inheritdoc />
    public static Lanes Splat(float value) => new(new Vector<float>(value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes operator +(Lanes left, Lanes right) => new(left.Value + right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes operator -(Lanes left, Lanes right) => new(left.Value - right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes operator *(Lanes left, Lanes right) => new(left.Value * right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes operator /(Lanes left, Lanes right) => new(left.Value / right.Value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes Sqrt(Lanes value) => new(Vector.SquareRoot(value.Value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes Exp(Lanes value) => new(Vector.Exp(value.Value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes WherePositive(Lanes condition, Lanes value) =>
        new(Vector.ConditionalSelect(Vector.GreaterThan(condition.Value, Vector<float>.Zero), value.Value, Vector<float>.Zero));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes Relu(Lanes value) =>
        new(Vector.ConditionalSelect(Vector.LessThan(value.Value, Vector<float>.Zero), Vector<float>.Zero, value.Value));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes WhereNegative(Lanes condition, Lanes negative, Lanes otherwise) =>
        new(Vector.ConditionalSelect(Vector.LessThan(condition.Value, Vector<float>.Zero), negative.Value, otherwise.Value));

    /// <summary>Loads <see cref="Count"/> values from <paramref name="source"/> at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes Load(ref float source, int offset) => new(Vector.LoadUnsafe(ref source, (nuint)offset));

    /// <summary>Stores the lanes to <paramref name="destination"/> at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float destination, int offset) => Value.StoreUnsafe(ref destination, (nuint)offset);
}
