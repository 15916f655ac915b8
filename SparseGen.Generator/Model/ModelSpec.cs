namespace SparseGen.Generator.Model;

/// <summary>
/// Everything the emitter needs about one <c>[SparseModel]</c> class, as plain values: no symbol, syntax
/// node, location or compilation, so an edit that does not change these values leaves the output cached.
/// </summary>
/// <param name="Namespace">The containing namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The class's name.</param>
/// <param name="Inputs">Input features of the first layer.</param>
/// <param name="Layers">The layers in declaration order.</param>
/// <param name="HasErrors">True when a diagnostic error was reported: only <paramref name="Stubs"/> are emitted, so the user sees the diagnostic and no follow-on compiler errors.</param>
/// <param name="TypeParameters">The class's type parameter list, such as <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="ContainingTypes">Declarations of the types the class is nested in, outermost first, such as <c>partial class Outer</c>.</param>
/// <param name="Stubs">Declarations of every partial <c>[SparseLayer]</c> property with a throwing body, for models with errors.</param>
/// <param name="HintSuffix">Added to the file's hint name, so stubs for several layer properties of one class land in separate files; empty for models.</param>
/// <param name="TypeKeyword"><c>class</c>, or <c>record</c> for a record class (which is reported, and gets stubs only).</param>
internal sealed record ModelSpec(string Namespace, string ClassName, int Inputs, EquatableArray<LayerModel> Layers, bool HasErrors,
    string TypeParameters, EquatableArray<string> ContainingTypes, EquatableArray<string> Stubs, string HintSuffix, string TypeKeyword);

/// <summary>One <c>[SparseLayer]</c> property.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Accessibility">The property's declared accessibility keywords, such as <c>public</c>.</param>
/// <param name="Inputs">Inputs of the layer (the previous layer's units, or the model's inputs).</param>
/// <param name="Units">Outputs of the layer.</param>
/// <param name="Density">Declared density.</param>
/// <param name="Pattern">Declared pattern.</param>
/// <param name="Seed">Declared topology seed.</param>
/// <param name="Activation">Declared activation.</param>
/// <param name="Dropout">Declared training dropout rate.</param>
/// <param name="Strategy">The resolved code-generation strategy (never Auto).</param>
internal sealed record LayerModel(string Name, string Accessibility, int Inputs, int Units, double Density,
    ConnectivityPattern Pattern, ulong Seed, Activation Activation, double Dropout, CodegenStrategy Strategy);

/// <summary>A source file to add: its deterministic hint name and its text; <paramref name="Failure"/> is set when the topology could not be built and only stubs were emitted.</summary>
internal sealed record GeneratedFile(string HintName, string Text, string? Failure = null);
