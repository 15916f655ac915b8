namespace SparseGen.Backends.Device;

/// <summary>One argument of a <see cref="DeviceKernel"/> launch: a device buffer, an <c>int</c> or a <c>float</c> (C types of the kernel's parameters).</summary>
public readonly struct KernelArgument
{
    private KernelArgument(KernelArgumentKind kind, long value)
    {
        Kind = kind;
        Value = value;
    }

    internal KernelArgumentKind Kind { get; }

    /// <summary>The buffer handle, or the bits of the <c>int</c> or <c>float</c>.</summary>
    internal long Value { get; }

    /// <summary>An <c>int</c> argument.</summary>
    public static implicit operator KernelArgument(int value) => new(KernelArgumentKind.Int, value);

    /// <summary>A <c>float</c> argument.</summary>
    public static implicit operator KernelArgument(float value) => new(KernelArgumentKind.Float, System.BitConverter.SingleToInt32Bits(value));

    internal static KernelArgument Buffer(long handle) => new(KernelArgumentKind.Buffer, handle);
}

/// <summary>What a <see cref="KernelArgument"/> holds.</summary>
internal enum KernelArgumentKind
{
    Buffer,
    Int,
    Float,
}
