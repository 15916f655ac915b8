using System;

namespace SparseGen;

/// <summary>
/// Marks a <c>partial</c> class as a sparse network. The SparseGen source generator reads its
/// <see cref="SparseLayerAttribute"/> properties in declaration order and emits a fixed-topology
/// implementation of <see cref="ISparseModel"/> for it at build time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SparseModelAttribute : Attribute
{
    /// <summary>Number of input features of the first layer; required, at least 1.</summary>
    public int Inputs { get; set; }
}
