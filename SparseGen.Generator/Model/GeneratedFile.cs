namespace SparseGen.Generator.Model;

/// <summary>A source file to add: its deterministic hint name and its text; <paramref name="Failure"/> is set when the model's code could not be generated and only stubs were emitted.</summary>
internal sealed record GeneratedFile(string HintName, string Text, string? Failure = null);
