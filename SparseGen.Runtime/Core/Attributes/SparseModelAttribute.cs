using System;

namespace SparseGen;

/// <summary>
/// Marks a <c>partial</c> class as a sparse network. The SparseGen source generator reads its
/// <see cref="SparseLayerAttribute"/> properties in declaration order and emits a fixed-topology
/// implementation of <see cref="ISparseModel"/> for it at build time.
/// </summary>
/// <remarks>
/// Without the generator in the build, a <c>[SparseModel]</c> class has no implementation: the compiler reports
/// CS9248 for each layer property, and this attribute adds warning SPG0100, which names the missing analyzer
/// reference and the line to add. The generator's <c>GeneratorPresentSuppressor</c> suppresses SPG0100 whenever
/// the generator is there, so a correct build never shows it.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if !SPARSEGEN_GENERATOR
[Obsolete(GeneratorMissing.Message, DiagnosticId = GeneratorMissing.Id)]
#endif
public sealed class SparseModelAttribute : Attribute
{
    /// <summary>Number of input features of the first layer; required, at least 1.</summary>
    public int Inputs { get; set; }
}

/// <summary>The diagnostic a <c>[SparseModel]</c> class gets when SparseGen's generator is not in the build (see <see cref="SparseModelAttribute"/>).</summary>
internal static class GeneratorMissing
{
    /// <summary>The diagnostic's id, which the generator's suppressor suppresses.</summary>
    public const string Id = "SPG0100";

    /// <summary>The diagnostic's message: what is missing, and the line to add to the project file.</summary>
    public const string Message =
        "SparseGen's source generator is not in this build, so no [SparseModel] class gets its implementation (the CS9248 errors). "
        + "A project reference to SparseGen.Runtime does not bring it: also add "
        + "<ProjectReference Include=\"path/to/SparseGen.Generator/SparseGen.Generator.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" /> "
        + "to the project file, or reference the SparseGen package instead, which brings the generator.";
}
