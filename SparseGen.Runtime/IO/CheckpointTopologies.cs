using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SparseGen.IO;

namespace SparseGen;

/// <summary>Learned topologies in checkpoints: how they are marked, and how a model is built back from the edges a file holds.</summary>
public static partial class Checkpoint
{
    /// <summary>
    /// The value of a layer's <c>L.topology</c> metadata key when its topology changed during training (adaptive sparse
    /// connectivity), so <c>L.pattern</c>, <c>L.density</c> and <c>L.seed</c> describe where it started and
    /// <c>L.fingerprint</c> the edges actually present. Layers without the key have the topology their declaration builds.
    /// </summary>
    public const string Learned = "learned";

    private static readonly Rule LearnedRule = new(v => v == Learned, $"'{Learned}', the only value the key takes");

    /// <summary>
    /// Each layer's topology as the checkpoint holds it (its <c>L.edges</c> tensor, with the sizes in <c>L.inputs</c> and
    /// <c>L.units</c>), by layer name: to build a model whose topology was learned (set each
    /// <see cref="LayerSpec.Topology"/>) before <see cref="Load"/> fills it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid SparseGen checkpoint (as for <see cref="ReadMetadata"/>),
    /// a layer's edges are missing or malformed (an edge outside the layer or repeated), or the edges' fingerprint
    /// differs from the one recorded; the message names the file and the layer.</exception>
    public static IReadOnlyDictionary<string, Topology> ReadTopologies(string path)
    {
        using SafetensorsFile file = Open(path);
        return TopologiesOf(file);
    }

    /// <summary><see cref="ReadTopologies(string)"/> from a file already opened and checked (<see cref="Open"/>).</summary>
    private static Dictionary<string, Topology> TopologiesOf(SafetensorsFile file)
    {
        string path = file.Path;
        var topologies = new Dictionary<string, Topology>(StringComparer.Ordinal);
        int arriving = int.Parse(file.Metadata["model.inputs"], System.Globalization.CultureInfo.InvariantCulture);
        foreach (string name in file.Metadata["model.layers"].Split(','))
        {
            int inputs = int.Parse(file.Metadata[$"{name}.inputs"], System.Globalization.CultureInfo.InvariantCulture);
            int units = int.Parse(file.Metadata[$"{name}.units"], System.Globalization.CultureInfo.InvariantCulture);
            CheckSizes(path, file, name, inputs, units, arriving);
            arriving = units;
            long edges = file.Tensors.TryGetValue($"{name}.edges", out TensorEntry? entry) && entry.Shape.Length == 2 ? entry.Shape[0] : 0;
            if (edges > (long)inputs * units)
            {
                throw Safetensors.Bad(path, $"layer '{name}' holds {edges} edges, more than its {inputs} x {units} pairs");
            }

            int[] pairs = file.Ints($"{name}.edges", edges, 2);
            Topology topology;
            try
            {
                topology = Topology.FromCanonicalEdges(inputs, units, pairs)
                    ?? Topology.FromEdges(inputs, units, Enumerable.Range(0, pairs.Length / 2).Select(e => (pairs[2 * e], pairs[(2 * e) + 1])));
            }
            catch (ArgumentException e)
            {
                throw Safetensors.Bad(path, $"layer '{name}': its edges do not form a {inputs} x {units} topology: {e.Message}");
            }

            string recorded = file.Metadata[$"{name}.fingerprint"], actual = $"0x{topology.Fingerprint:X16}";
            if (recorded != actual)
            {
                throw Safetensors.Bad(path, $"layer '{name}': its edges have fingerprint {actual}, but the metadata records {recorded}");
            }

            topologies[name] = topology;
        }

        return topologies;
    }

    /// <summary>
    /// A <see cref="GenericSparseModel"/> of the checkpoint's layers as it records them (names, sizes, topologies with
    /// the learned ones, activations, negative slopes, dropout rates, declared pattern, density and seed), loaded from
    /// it, with <paramref name="optimizer"/>'s state when given: to run, export or resume a model without declaring it
    /// again (Keras's <c>load_model</c>).
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="optimizer">An optimizer of the type the file records, to take its state; null loads the model only.</param>
    /// <param name="adjust">Changes each layer's declaration before the model is built, for instance its dropout rate for
    /// further training; null keeps what the file records. A change of what the file checks (sizes, topology,
    /// activation, slope) makes loading fail.</param>
    /// <returns>The model, on <see cref="SparseFormat.Csr"/> kernels (dense ones for layers declared with density 1).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid SparseGen checkpoint, or lacks the optimizer's state (see
    /// <see cref="ReadTopologies"/> and <see cref="Load"/>); the message names the file.</exception>
    public static GenericSparseModel LoadModel(string path, Optimizer? optimizer = null, Func<LayerSpec, LayerSpec>? adjust = null)
    {
        // One opening (each checks the whole file's checksum) for the topologies, the declarations and the values.
        using SafetensorsFile file = Open(path);
        Dictionary<string, Topology> topologies = TopologiesOf(file);
        IReadOnlyDictionary<string, string> meta = file.Metadata;
        var layers = meta["model.layers"].Split(',').Select(name => new LayerSpec(
            name,
            RecordedPattern(meta[$"{name}.pattern"])!.Value,
            topologies[name].Units,
            double.Parse(meta[$"{name}.density"], System.Globalization.CultureInfo.InvariantCulture),
            ulong.Parse(meta[$"{name}.seed"], System.Globalization.CultureInfo.InvariantCulture),
            Enum.Parse<Activation>(meta[$"{name}.activation"]),
            RecordedDropout(meta, name),
            topologies[name],
            RecordedNegativeSlope(meta, name))).Select(adjust ?? (spec => spec)).ToList();
        var model = new GenericSparseModel(int.Parse(meta["model.inputs"], System.Globalization.CultureInfo.InvariantCulture), layers);
        LoadFrom(model, file, optimizer);
        return model;
    }

    /// <summary>
    /// The sizes a topology is built with, checked before anything of their size is allocated: a layer's units are its
    /// bias tensor's length (data the file holds), its inputs the units of the layer before it (or the model's inputs),
    /// and the model's inputs at most what this process can allocate a table of.
    /// </summary>
    private static void CheckSizes(string path, SafetensorsFile file, string name, int inputs, int units, int arriving)
    {
        long bias = file.Tensors.TryGetValue($"{name}.bias", out TensorEntry? entry) && entry.Shape.Length == 1 ? entry.Shape[0] : -1;
        if (bias != units)
        {
            throw Safetensors.Bad(path, $"layer '{name}' declares {units} units, but its bias tensor holds {(bias < 0 ? "no vector" : bias.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        if (inputs != arriving)
        {
            throw Safetensors.Bad(path, $"layer '{name}' declares {inputs} inputs, but {arriving} arrive from the layer before it (or the model's inputs)");
        }

        // Building the topology keeps a table per input and per unit (4 bytes each, twice); refuse sizes this process cannot hold.
        long needed = 8L * ((long)inputs + units + 2);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available / 2)
        {
            throw Safetensors.Bad(path, $"layer '{name}' is {inputs} x {units}: its tables would take {needed:N0} bytes, more than half the {available:N0} this process may use");
        }
    }
}
