namespace SparseGen.Generator.Model;

/// <summary>A source file to add: its hint name and its text; <paramref name="Failure"/> is set when the model's code could not be generated and only stubs were emitted.</summary>
internal sealed record GeneratedFile(string HintName, string Text, Failure? Failure = null);

/// <summary>Why a model's code could not be generated: an unexpected exception, reported as SPG0099 for that model alone.</summary>
internal sealed record Failure(string Model, string Reason)
{
    /// <summary>An exception as one line for a diagnostic: its type, message and the method that threw.</summary>
    public static string Describe(System.Exception e) =>
        $"{e.GetType().Name}: {e.Message}{(e.TargetSite is { } site ? $" (in {site.DeclaringType?.Name}.{site.Name})" : string.Empty)}";
}
