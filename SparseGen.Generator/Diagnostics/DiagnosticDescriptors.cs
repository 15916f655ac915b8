using Microsoft.CodeAnalysis;

namespace SparseGen.Generator.Diagnostics;

/// <summary>Every diagnostic the SparseGen generator reports; each message says what to change.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SparseGen";

    public static readonly DiagnosticDescriptor ModelNotPartial = Error("SPG0001",
        "Sparse model class must be partial",
        "Class '{0}' has [SparseModel] but is not partial; add the 'partial' modifier so SparseGen can add the generated layers");

    public static readonly DiagnosticDescriptor ModelNotTopLevel = Error("SPG0002",
        "Sparse model class must be a top-level, non-generic, non-static class",
        "Class '{0}' has [SparseModel] but is {1}; declare the model as a plain class (not static, generic, file-local or a record) directly in a namespace");

    public static readonly DiagnosticDescriptor MissingInputs = Error("SPG0003",
        "Sparse model needs its input count",
        "[SparseModel] on '{0}' needs Inputs = n with n >= 1 (was {1}); set it to the number of input features, e.g. [SparseModel(Inputs = 784)]");

    public static readonly DiagnosticDescriptor NoLayers = Error("SPG0004",
        "Sparse model has no layer",
        "Model '{0}' declares no [SparseLayer] property; add at least one 'public partial ISparseLayer Name { get; }' with [SparseLayer(density, pattern, seed, Units = n)]");

    public static readonly DiagnosticDescriptor LayerNotPartial = Error("SPG0005",
        "Sparse layer property must be partial",
        "Property '{0}' has [SparseLayer] but is not partial; declare it as 'public partial ISparseLayer {0} {{ get; }}'");

    public static readonly DiagnosticDescriptor LayerWrongShape = Error("SPG0006",
        "Sparse layer property has the wrong shape",
        "Property '{0}' {1}; declare it as 'public partial ISparseLayer {0} {{ get; }}'");

    public static readonly DiagnosticDescriptor DensityOutOfRange = Error("SPG0007",
        "Density must be in [0, 1]",
        "Layer '{0}' has density {1}; the density is the fraction of possible edges present and must be a number in [0, 1]");

    public static readonly DiagnosticDescriptor UnitsOutOfRange = Error("SPG0008",
        "Layer needs at least one unit",
        "Layer '{0}' has Units = {1}; set Units to the number of outputs of the layer, at least 1");

    public static readonly DiagnosticDescriptor DenseNeedsFullDensity = Error("SPG0009",
        "Dense layer must have density 1",
        "Layer '{0}' uses ConnectivityPattern.Dense with density {1}; a dense layer connects every pair, so use density 1.0, or a sparse pattern such as ConnectivityPattern.Uniform");

    public static readonly DiagnosticDescriptor TooManyEdges = Error("SPG0010",
        "Layer has more edges than a layer can hold",
        "Layer '{0}' ({1} x {2} at density {3}) has {4} edges; a layer holds at most {5}. Lower the density or the layer's size.");

    public static readonly DiagnosticDescriptor NoEdges = Error("SPG0011",
        "Layer has no edge",
        "Layer '{0}' ({1} x {2} at density {3}) rounds to {4} = 0, an empty layer; raise the density above {5}");

    public static readonly DiagnosticDescriptor UnknownEnumValue = Error("SPG0012",
        "Unknown enum value",
        "Layer '{0}' has {1} = {2}, which is not a defined {1}; use one of its named members");

    public static readonly DiagnosticDescriptor DropoutOutOfRange = Error("SPG0013",
        "Dropout must be in [0, 1)",
        "Layer '{0}' has Dropout = {1}; the dropout rate is the fraction of outputs zeroed in training and must be in [0, 1)");

    public static readonly DiagnosticDescriptor SeedIgnored = Warning("SPG0014",
        "Seed of a deterministic pattern is ignored",
        "Layer '{0}' uses {1}, which is deterministic, so seed {2} is ignored; pass 0 as the seed, or use a seeded pattern (Uniform, ErdosRenyi, RandomRegular, RandomRotating)");

    public static readonly DiagnosticDescriptor StrategyNotApplicable = Error("SPG0015",
        "Code-generation strategy does not apply to the layer",
        "Layer '{0}' asks for Codegen = {1}: {2}; remove the Codegen argument to let SparseGen choose, or pick Table, which fits any layer");

    public static readonly DiagnosticDescriptor LayerOutsideModel = Error("SPG0016",
        "Sparse layer outside a sparse model",
        "Property '{0}' has [SparseLayer] but its class '{1}' has no [SparseModel]; add [SparseModel(Inputs = n)] to '{1}'");

    public static readonly DiagnosticDescriptor LayersInSeveralParts = Error("SPG0017",
        "Layers declared in several partial declarations",
        "Model '{0}' declares [SparseLayer] properties in {1} partial declarations; declare them all in one, so that their order, which is the order of the layers, is defined");

    public static readonly DiagnosticDescriptor TooLargeToGenerate = Error("SPG0018",
        "Too large for generated code",
        "{0} {1}; SparseGen generates code for at most {2}. Use a smaller layer, the generic kernels (GenericSparseModel with LayerSpec), or a topology built at run time (Topology.Create).");

    public static readonly DiagnosticDescriptor LayerAlreadyImplemented = Error("SPG0019",
        "Sparse layer property already has an implementation",
        "Property '{0}' has [SparseLayer] but {1}; SparseGen implements the property, so declare it without a body: 'public partial ISparseLayer {0} {{ get; }}'");

    public static readonly DiagnosticDescriptor NameClash = Error("SPG0020",
        "Name clashes with generated code",
        "Model '{0}' has '{1}', but SparseGen generates {2}; rename or remove '{1}'");

    public static readonly DiagnosticDescriptor UnsupportedModifier = Error("SPG0021",
        "Sparse layer property has a modifier the generated part cannot match",
        "Property '{0}' is '{1}'; a layer is fixed by its [SparseLayer] attribute, so it cannot be virtual, abstract, overridden, sealed or required. Remove '{1}'.");

    public static readonly DiagnosticDescriptor IntegerDivisionDensity = Warning("SPG0022",
        "Density is an integer division",
        "Layer '{0}' has density '{1}', which divides integers and so is {2} (C# drops the fraction before the value becomes a double); write a double division, such as '{3}'");

    public static readonly DiagnosticDescriptor TopologyFileNotFound = Error("SPG0023",
        "Topology file not among the AdditionalFiles",
        "Layer '{0}' reads the topology file '{1}', which {2}. Pass the file to the compiler as an AdditionalFiles item, <AdditionalFiles Include=\"topologies/{3}\" />, and name it in the attribute by its file name or the end of its path.");

    public static readonly DiagnosticDescriptor TopologyFileAmbiguous = Error("SPG0024",
        "Topology file name matches several AdditionalFiles",
        "Layer '{0}' reads the topology file '{1}', which names {2} AdditionalFiles ({3}); write more of the path, such as '{4}', so that it names one");

    public static readonly DiagnosticDescriptor TopologyFileMalformed = Error("SPG0025",
        "Topology file is malformed",
        "Topology file '{0}' of layer '{1}', line {2}: {3}. A topology file is a Matrix Market coordinate general pattern, integer or real file of the nout x nin matrix (rows are the layer's units, columns its inputs, 1-based), as scipy.io.mmwrite and SparseGen's MatrixMarket.Write write it.");

    public static readonly DiagnosticDescriptor TopologyFileShape = Error("SPG0026",
        "Topology file's shape does not chain",
        "Layer '{0}' reads '{1}', a {2} x {3} matrix ({2} units, {3} inputs), but {4}; export the layer with that shape, or change the declaration");

    public static readonly DiagnosticDescriptor TopologyFileEdge = Error("SPG0027",
        "Topology file has an edge outside the layer or twice",
        "Topology file '{0}' of layer '{1}', line {2}: {3}; every entry is one edge, from input (column) to unit (row), 1-based, inside the matrix and at most once");

    public static readonly DiagnosticDescriptor NegativeSlopeInvalid = Error("SPG0028",
        "NegativeSlope must be finite and needs LeakyRelu",
        "Layer '{0}' has NegativeSlope = {1}: {2}; give a finite NegativeSlope together with Activation = Activation.LeakyRelu, or remove it");

    public static readonly DiagnosticDescriptor GenerationFailed = Error("SPG0099",
        "SparseGen could not generate a model",
        "SparseGen could not generate model '{0}' ({1}); its layer properties throw until this is fixed. This is a SparseGen bug: please report it with the model's declaration.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);
}
