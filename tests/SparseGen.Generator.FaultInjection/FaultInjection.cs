using System;
using System.Threading;

namespace SparseGen.Generator;

/// <summary>
/// Lets tests make one stage fail for one model, to check that an unexpected exception becomes an SPG0099
/// diagnostic for that model alone. Compiled only into the generator's test build (this project, which defines
/// <c>SPARSEGEN_FAULT_INJECTION</c>); the shipped generator has neither this class nor the calls to it.
/// </summary>
internal static class FaultInjection
{
    public const string Parse = "parse";
    public const string Resolve = "resolve";
    public const string Plan = "plan";
    public const string Emit = "emit";

    /// <summary>The stage and model name (<c>"plan:Net"</c>) to fail, for the test that sets it and the calls it makes.</summary>
    public static readonly AsyncLocal<string?> Target = new();

    public static void At(string stage, string model)
    {
        if (Target.Value is { } target && target == stage + ":" + model)
        {
            throw new InvalidOperationException($"fault injected at {stage}");
        }
    }
}
