using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SparseGen.Generator;

/// <summary>
/// Suppresses SPG0100, the warning that <c>[SparseModel]</c> carries for builds without the generator: this
/// suppressor ships in the generator's assembly, so wherever it runs the generator runs too, and the warning is
/// seen only where the generator is missing (a project reference to SparseGen.Runtime without the analyzer line).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorPresentSuppressor : DiagnosticSuppressor
{
    /// <summary>The suppression of SPG0100.</summary>
    public static readonly SuppressionDescriptor GeneratorPresent = new(
        "SPGS0100", GeneratorMissing.Id, "SparseGen's generator is in this build, so [SparseModel] classes are implemented.");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(GeneratorPresent);

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
        {
            context.ReportSuppression(Suppression.Create(GeneratorPresent, diagnostic));
        }
    }
}
