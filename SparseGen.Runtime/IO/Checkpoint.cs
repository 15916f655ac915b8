using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen.IO;
using SparseGen.Kernels;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// Saves and loads a model's weights, biases and (optionally) optimizer state as a safetensors file: an 8-byte
/// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the
/// little-endian tensor data (https://github.com/huggingface/safetensors), so numpy and PyTorch users read it too.
/// </summary>
/// <remarks>
/// <para>Tensors per layer <c>L</c>: <c>L.weight</c> (F32, <c>[E]</c>, canonical edge order: by output, then input,
/// whatever the kernel's own order), <c>L.edges</c> (I32, <c>[E, 2]</c>: input, output of each weight) and
/// <c>L.bias</c> (F32, <c>[units]</c>); with an optimizer, every slot of every layer as <c>optimizer.L.weight.m</c>,
/// <c>optimizer.L.bias.m</c> and so on (zeros for a slot the optimizer has not used yet).</para>
/// <para>The <c>__metadata__</c> holds <c>format</c> (<c>sparsegen-checkpoint-2</c>), <c>model.inputs</c>,
/// <c>model.layers</c> (the layer names, comma-separated), each layer's <c>L.pattern</c>, <c>L.density</c>,
/// <c>L.seed</c>, <c>L.inputs</c>, <c>L.units</c>, <c>L.activation</c> and <c>L.fingerprint</c> (and
/// <c>L.topology</c> = <see cref="Learned"/> where the topology changed during training, <c>L.negative_slope</c> for
/// <see cref="Activation.LeakyRelu"/> layers, <c>L.dropout</c>, the training dropout rate, for layers with dropout), the optimizer's
/// name under <c>optimizer</c> and its scalars as <c>optimizer.steps</c> and so on, an FNV-1a 64 checksum of
/// header and data under <c>fnv1a64</c>, and the caller's own metadata. Of the caller's keys,
/// <c>preprocessing.mean</c> and <c>preprocessing.std</c> are the standardisation <c>x' = (x - mean) / std</c>
/// the model expects: finite numbers, std a normal (not subnormal) float above 0. Weights, biases and optimizer
/// state must be finite: <see cref="Load"/> refuses NaN and infinities, naming the tensor and the first index.</para>
/// <para>Reading checks the file's structure (see the exceptions), then every value above, then, when loading,
/// that the file holds exactly the tensors the model (and optimizer) needs. Nothing is copied until all checks
/// pass, so after any exception the model and optimizer are unchanged.</para>
/// <para>Files may pass 2^31 bytes (a 784-10^6-10^6-10^6-10 SET network with Adam's state takes 2.2 GB). Saving writes each
/// tensor from the model's and optimizer's own arrays a chunk at a time, so it allocates little beyond a permutation for
/// kernels whose weights are not in canonical order; loading holds the file's weights, biases and optimizer state
/// until every check has passed, then copies them (each layer's edges are read, compared and dropped in turn).</para>
/// </remarks>
public static partial class Checkpoint
{
    private const string Format = "sparsegen-checkpoint-2";
    private const string OptimizerKey = "optimizer";
    private const string StepsKey = "optimizer.steps";

    private static readonly string[] ReservedLayerNames = ["format", "model", OptimizerKey, "preprocessing", Safetensors.ChecksumKey];

    /// <summary>Writes <paramref name="model"/> (and <paramref name="optimizer"/>'s state when given) to <paramref name="path"/> through a temporary file.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write; replaced only when the write completes.</param>
    /// <param name="optimizer">An optimizer whose state to include, or null.</param>
    /// <param name="metadata">Extra string metadata, such as the preprocessing constants <c>preprocessing.mean</c> and <c>preprocessing.std</c>.</param>
    /// <exception cref="ArgumentException">A metadata key is one the format uses itself (<c>format</c>, <c>fnv1a64</c>,
    /// <c>model.*</c>, <c>optimizer</c>, <c>optimizer.*</c>, or a layer name and a dot), a preprocessing value is not
    /// a finite number (std above 0), or a layer name is empty, holds a comma or is one of those prefixes.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(ISparseModel model, string path, Optimizer? optimizer = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        string[] layerNames = model.Layers.Select(l => l.Name).ToArray();
        foreach (string name in layerNames)
        {
            if (name.Length == 0 || name.Contains(',') || ReservedLayerNames.Contains(name))
            {
                throw new ArgumentException($"Layer name '{name}' cannot be saved: names must be non-empty, without commas, and not one of {string.Join(", ", ReservedLayerNames)}.", nameof(model));
            }
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            if (key is "format" or Safetensors.ChecksumKey or OptimizerKey
                || key.StartsWith("model.", StringComparison.Ordinal) || key.StartsWith("optimizer.", StringComparison.Ordinal)
                || layerNames.Any(l => key.StartsWith(l + ".", StringComparison.Ordinal)))
            {
                throw new ArgumentException($"Metadata key '{key}' is one the checkpoint format uses itself; choose another.", nameof(metadata));
            }

            if (Rules.For(key) is { } rule && !rule.Accepts(value))
            {
                throw new ArgumentException($"Metadata '{key}' is '{value}'; it must be {rule.Expected}.", nameof(metadata));
            }

            meta[key] = value;
        }

        meta["format"] = Format;
        meta["model.inputs"] = model.InputCount.ToString(CultureInfo.InvariantCulture);
        meta["model.layers"] = string.Join(",", layerNames);
        // Tensors are written a chunk at a time from the model's own arrays: only the kernels that do not keep canonical order hold a permutation.
        var tensors = new List<Safetensors.Tensor>();
        foreach (ISparseLayer layer in model.Layers)
        {
            var edges = CanonicalEdges.Of(layer.Kernel);
            tensors.Add(Weights($"{layer.Name}.weight", layer, edges, layer.Weights.Values));
            tensors.Add(Safetensors.Tensor.Chunked<int>($"{layer.Name}.edges", [layer.EdgeCount, 2], edges.CopyPairs));
            tensors.Add(Safetensors.Tensor.Of($"{layer.Name}.bias", [layer.Units], layer.Bias.Values));
            foreach (var (key, value) in LayerMetadata(layer))
            {
                meta[key] = value;
            }

            foreach (string slot in optimizer?.SlotNames ?? [])
            {
                tensors.Add(Weights(SlotName(layer, "weight", slot), layer, edges, optimizer!.GetSlot(layer.Weights, slot)));
                tensors.Add(optimizer.GetSlot(layer.Bias, slot) is { } bias
                    ? Safetensors.Tensor.Of(SlotName(layer, "bias", slot), [layer.Units], bias)
                    : Safetensors.Tensor.Chunked<float>(SlotName(layer, "bias", slot), [layer.Units], (_, chunk) => chunk.Clear()));
            }
        }

        if (optimizer is not null)
        {
            meta[OptimizerKey] = optimizer.Name;
            foreach (var (key, value) in optimizer.GetScalars())
            {
                meta["optimizer." + key] = value.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        Safetensors.Write(path, meta, tensors);
    }

    /// <summary>Reads and checks the <c>__metadata__</c> of a checkpoint, for instance to choose the model to load it into.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid SparseGen safetensors checkpoint (as for
    /// <see cref="Load"/>, short of comparing it with a model); the message names the file and, for a bad value, the key.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using SafetensorsFile file = Open(path);
        return file.Metadata;
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="model"/>, and the optimizer state into
    /// <paramref name="optimizer"/> when given. Everything is checked before anything is copied, so on an error
    /// the model and the optimizer are unchanged.
    /// </summary>
    /// <returns>The checkpoint's metadata.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is truncated or corrupted (its structure, see
    /// <see cref="Checkpoint"/>, or its checksum), a metadata value is malformed (the message names the key), its
    /// layers differ from the model's (a fingerprint mismatch names both fingerprints), it holds a tensor the model
    /// does not have or lacks one it needs, a tensor has the wrong dtype or shape, or an optimizer is given and the
    /// file lacks any of its state.</exception>
    public static IReadOnlyDictionary<string, string> Load(ISparseModel model, string path, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using SafetensorsFile file = Open(path);
        return LoadFrom(model, file, optimizer);
    }

    /// <summary><see cref="Load(ISparseModel, string, Optimizer?)"/> from a file already opened and checked (<see cref="Open"/>).</summary>
    private static IReadOnlyDictionary<string, string> LoadFrom(ISparseModel model, SafetensorsFile file, Optimizer? optimizer)
    {
        string path = file.Path;
        var meta = file.Metadata;
        string[] layers = meta["model.layers"].Split(',');
        string[] modelLayers = model.Layers.Select(l => l.Name).ToArray();
        if (!layers.SequenceEqual(modelLayers))
        {
            throw Safetensors.Bad(path, $"the checkpoint holds layers [{string.Join(", ", layers)}], the model has [{string.Join(", ", modelLayers)}]");
        }

        Expect(file, "model.inputs", model.InputCount, "the model has");
        string[] slots = SlotNames(file, model.Layers[0], optimizer);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var copies = new List<Action>();
        foreach (ISparseLayer layer in model.Layers)
        {
            string saved = meta[$"{layer.Name}.fingerprint"];
            string fingerprint = $"0x{layer.Fingerprint:X16}";
            bool learned = meta.GetValueOrDefault($"{layer.Name}.topology") == Learned;
            if (saved != fingerprint && learned)
            {
                throw Safetensors.Bad(path, $"layer '{layer.Name}' was saved with a learned topology {saved} (its edges evolved during training), but the model's layer has topology {fingerprint}; load it into a model built on the same edges: a GenericSparseModel from Checkpoint.ReadTopologies, or a model compiled from the topology files exported with this checkpoint");
            }

            if (saved != fingerprint)
            {
                throw Safetensors.Bad(path,
                    $"layer '{layer.Name}' was saved with topology {saved} ({Describe(meta, layer.Name)}), but the model's layer has topology {fingerprint} ({layer.Pattern}, density {layer.Density.ToString(CultureInfo.InvariantCulture)}, seed {layer.Seed}, {layer.Inputs} x {layer.Units}); load it into a model declared with the same pattern, density, seed and sizes");
            }

            Expect(file, $"{layer.Name}.inputs", layer.Inputs, "the model's layer has");
            Expect(file, $"{layer.Name}.units", layer.Units, "the model's layer has");
            if (meta[$"{layer.Name}.activation"] != layer.Activation.ToString())
            {
                throw Safetensors.Bad(path, $"layer '{layer.Name}' was saved with activation {meta[$"{layer.Name}.activation"]} ('{layer.Name}.activation'), but the model's layer uses {layer.Activation}");
            }

            if (RecordedNegativeSlope(meta, layer.Name) != layer.NegativeSlope)
            {
                throw Safetensors.Bad(path, $"layer '{layer.Name}' was saved with negative slope {RecordedNegativeSlope(meta, layer.Name).ToString("R", CultureInfo.InvariantCulture)} ('{layer.Name}.negative_slope'), but the model's layer has {layer.NegativeSlope.ToString("R", CultureInfo.InvariantCulture)}");
            }

            var canonical = CanonicalEdges.Of(layer.Kernel);
            CheckEdges(file, layer, canonical, file.Ints(Add(expected, $"{layer.Name}.edges"), layer.EdgeCount, 2));
            float[] weights = Finite(path, $"{layer.Name}.weight", file.Floats(Add(expected, $"{layer.Name}.weight"), layer.EdgeCount));
            float[] bias = Finite(path, $"{layer.Name}.bias", file.Floats(Add(expected, $"{layer.Name}.bias"), layer.Units));
            copies.Add(() =>
            {
                canonical.InSlotOrder(weights).CopyTo(layer.Weights.Values, 0);
                bias.CopyTo(layer.Bias.Values, 0);
                if (learned && layer is SparseLayer sparse)
                {
                    sparse.TopologyLearned = true;
                }
            });
            foreach (string slot in slots)
            {
                float[] w = Finite(path, SlotName(layer, "weight", slot), file.Floats(Add(expected, SlotName(layer, "weight", slot)), layer.EdgeCount));
                float[] b = Finite(path, SlotName(layer, "bias", slot), file.Floats(Add(expected, SlotName(layer, "bias", slot)), layer.Units));
                if (optimizer is not null)
                {
                    copies.Add(() =>
                    {
                        optimizer.SetSlot(layer.Weights, slot, canonical.InSlotOrder(w));
                        optimizer.SetSlot(layer.Bias, slot, b);
                    });
                }
            }
        }

        if (file.Tensors.Keys.FirstOrDefault(name => !expected.Contains(name)) is { } extra)
        {
            throw Safetensors.Bad(path, $"tensor '{extra}' is not part of a checkpoint of this model{(optimizer is null ? "" : $" and {optimizer.Name}")}");
        }

        if (optimizer is not null)
        {
            var scalars = new Dictionary<string, double>();
            foreach (string name in optimizer.GetScalars().Keys)
            {
                string key = "optimizer." + name;
                scalars[name] = meta.TryGetValue(key, out string? value)
                    ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)
                    : throw Safetensors.Bad(path, $"metadata '{key}' is missing; {optimizer.Name}'s state needs it");
            }

            copies.Add(() => optimizer.SetScalars(scalars));
        }

        foreach (Action copy in copies)
        {
            copy();
        }

        return meta;
    }

    /// <summary>Reads the file and checks its format and every metadata value the format defines.</summary>
    private static SafetensorsFile Open(string path)
    {
        SafetensorsFile file = Safetensors.Read(path);
        try
        {
            CheckMetadata(file);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Checks the format and every metadata value the format defines.</summary>
    /// <exception cref="InvalidDataException">One is missing or malformed; the message names the file and the key.</exception>
    private static void CheckMetadata(SafetensorsFile file)
    {
        string path = file.Path;
        var meta = file.Metadata;
        string format = meta.GetValueOrDefault("format", "missing");
        if (format != Format)
        {
            string hint = format.StartsWith("sparsegen-checkpoint-", StringComparison.Ordinal)
                ? $"; '{format}' is another version of SparseGen's format, whose checksum does not cover the header, so this version does not read it"
                : string.Empty;
            throw Safetensors.Bad(path, $"not a SparseGen checkpoint (format '{format}', expected '{Format}'){hint}");
        }

        if (!meta.ContainsKey(Safetensors.ChecksumKey))
        {
            throw Safetensors.Bad(path, $"metadata '{Safetensors.ChecksumKey}', the checksum, is missing");
        }

        Require(file, "model.inputs", Rules.PositiveInt);
        Require(file, "model.layers", Rules.LayerList);
        foreach (string layer in meta["model.layers"].Split(','))
        {
            Require(file, $"{layer}.pattern", Rules.Pattern);
            Require(file, $"{layer}.density", Rules.Fraction);
            Require(file, $"{layer}.seed", Rules.UInt64);
            Require(file, $"{layer}.inputs", Rules.PositiveInt);
            Require(file, $"{layer}.units", Rules.PositiveInt);
            Require(file, $"{layer}.activation", Rules.EnumName<Activation>());
            if (meta[$"{layer}.activation"] == nameof(Activation.LeakyRelu) || meta.ContainsKey($"{layer}.negative_slope"))
            {
                Require(file, $"{layer}.negative_slope", meta[$"{layer}.activation"] == nameof(Activation.LeakyRelu) ? Rules.Finite : Rules.NoSlope);
            }
            if (meta.ContainsKey($"{layer}.dropout"))
            {
                Require(file, $"{layer}.dropout", Rules.DropoutRate);
            }

            Require(file, $"{layer}.fingerprint", Rules.Hex64);
            if (meta.ContainsKey($"{layer}.topology"))
            {
                Require(file, $"{layer}.topology", LearnedRule);
            }
        }

        if (meta.ContainsKey(OptimizerKey))
        {
            Require(file, OptimizerKey, Rules.TypeName);
            Require(file, StepsKey, Rules.Steps);
        }

        foreach (var (key, value) in meta)
        {
            Rule? rule = key.StartsWith("optimizer.", StringComparison.Ordinal) ? (meta.ContainsKey(OptimizerKey) ? Rules.Finite : Rules.Absent) : Rules.For(key);
            if (rule is not null && !rule.Accepts(value))
            {
                throw Safetensors.Bad(path, $"metadata '{key}' is '{value}'; it must be {rule.Expected}");
            }
        }
    }

    private static void Require(SafetensorsFile file, string key, Rule rule)
    {
        if (!file.Metadata.TryGetValue(key, out string? value))
        {
            throw Safetensors.Bad(file.Path, $"metadata '{key}' is missing");
        }

        if (!rule.Accepts(value))
        {
            throw Safetensors.Bad(file.Path, $"metadata '{key}' is '{value}'; it must be {rule.Expected}");
        }
    }

    private static void Expect(SafetensorsFile file, string key, int actual, string what)
    {
        int saved = int.Parse(file.Metadata[key], CultureInfo.InvariantCulture);
        if (saved != actual)
        {
            throw Safetensors.Bad(file.Path, $"metadata '{key}' is {saved}, but {what} {actual}");
        }
    }

    /// <summary>The optimizer slots whose tensors the file must hold: the optimizer's own when one is loaded, else those the file names for the first layer.</summary>
    private static string[] SlotNames(SafetensorsFile file, ISparseLayer first, Optimizer? optimizer)
    {
        bool hasState = file.Metadata.TryGetValue(OptimizerKey, out string? saved);
        if (optimizer is not null)
        {
            return !hasState ? throw Safetensors.Bad(file.Path, "the checkpoint holds no optimizer state; load it without an optimizer")
                : saved == optimizer.Name ? optimizer.SlotNames.ToArray()
                : throw Safetensors.Bad(file.Path, $"the checkpoint holds optimizer state of {saved}, not of {optimizer.Name}; load without an optimizer, or with a {saved}");
        }

        string prefix = $"optimizer.{first.Name}.weight.";
        return hasState ? file.Tensors.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..]).ToArray() : [];
    }

    private static string SlotName(ISparseLayer layer, string parameter, string slot) => $"optimizer.{layer.Name}.{parameter}.{slot}";

    private static string Add(HashSet<string> names, string name)
    {
        names.Add(name);
        return name;
    }

    private static Dictionary<string, string> DeclaredMetadata(ISparseLayer layer) => new()
    {
        [$"{layer.Name}.pattern"] = layer.Pattern.ToString(),
        [$"{layer.Name}.density"] = layer.Density.ToString("R", CultureInfo.InvariantCulture),
        [$"{layer.Name}.seed"] = layer.Seed.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.inputs"] = layer.Inputs.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.units"] = layer.Units.ToString(CultureInfo.InvariantCulture),
        [$"{layer.Name}.activation"] = layer.Activation.ToString(),
        [$"{layer.Name}.fingerprint"] = $"0x{layer.Fingerprint:X16}",
    };

    private static Dictionary<string, string> LayerMetadata(ISparseLayer layer)
    {
        Dictionary<string, string> meta = DeclaredMetadata(layer);
        if (layer.Activation == Activation.LeakyRelu)
        {
            meta[$"{layer.Name}.negative_slope"] = layer.NegativeSlope.ToString("R", CultureInfo.InvariantCulture);
        }

        if (layer.Dropout > 0)
        {
            meta[$"{layer.Name}.dropout"] = layer.Dropout.ToString("R", CultureInfo.InvariantCulture);
        }

        if (layer is SparseLayer { TopologyLearned: true })
        {
            meta[$"{layer.Name}.topology"] = Learned;
        }

        return meta;
    }

    /// <summary>A layer's recorded <c>L.negative_slope</c> (written for <see cref="Activation.LeakyRelu"/> layers only), or 0 when absent; the file was checked.</summary>
    internal static double RecordedNegativeSlope(IReadOnlyDictionary<string, string> meta, string layer) =>
        meta.TryGetValue($"{layer}.negative_slope", out string? slope) ? double.Parse(slope, CultureInfo.InvariantCulture) : 0;

    /// <summary>A layer's recorded <c>L.dropout</c> (written for layers with dropout only), or 0 when absent; the file was checked.</summary>
    internal static double RecordedDropout(IReadOnlyDictionary<string, string> meta, string layer) =>
        meta.TryGetValue($"{layer}.dropout", out string? rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : 0;

    /// <summary>
    /// A layer's recorded <c>L.pattern</c> as a pattern: a member's name, or <c>RandomEdge</c>, which checkpoints written
    /// before <see cref="ConnectivityPattern.ErdosRenyi"/> had its name record; null for anything else.
    /// </summary>
    internal static ConnectivityPattern? RecordedPattern(string name) =>
        name == "RandomEdge" ? ConnectivityPattern.ErdosRenyi
        : Enum.GetNames<ConnectivityPattern>().Contains(name, StringComparer.Ordinal) ? Enum.Parse<ConnectivityPattern>(name)
        : null;

    private static string Describe(IReadOnlyDictionary<string, string> meta, string layer) =>
        $"{meta[$"{layer}.pattern"]}, density {meta[$"{layer}.density"]}, seed {meta[$"{layer}.seed"]}, {meta[$"{layer}.inputs"]} x {meta[$"{layer}.units"]}";

    /// <summary>A weight-shaped tensor (<c>[E]</c>, canonical order) of <paramref name="slots"/>, in the kernel's weight order, or of zeros when null.</summary>
    private static Safetensors.Tensor Weights(string name, ISparseLayer layer, CanonicalEdges edges, float[]? slots) =>
        Safetensors.Tensor.Chunked<float>(name, [layer.EdgeCount], slots is null ? (_, chunk) => chunk.Clear() : (first, chunk) => edges.Gather(slots, first, chunk));

    /// <summary>Checks that <paramref name="pairs"/>, the file's <c>L.edges</c>, are the layer's canonical edges.</summary>
    /// <exception cref="InvalidDataException">A row differs; the message names the first.</exception>
    private static void CheckEdges(SafetensorsFile file, ISparseLayer layer, CanonicalEdges edges, int[] pairs)
    {
        var expected = new int[Math.Min(pairs.Length, Safetensors.Tensor.ChunkElements)];
        for (int first = 0; first < pairs.Length; first += expected.Length)
        {
            Span<int> chunk = expected.AsSpan(0, Math.Min(expected.Length, pairs.Length - first));
            edges.CopyPairs(first, chunk);
            int differs = chunk.CommonPrefixLength(pairs.AsSpan(first, chunk.Length)) & ~1;
            if (differs < chunk.Length)
            {
                int c = (first + differs) / 2;
                throw Safetensors.Bad(file.Path, $"tensor '{layer.Name}.edges' row {c} is edge ({pairs[2 * c]}, {pairs[(2 * c) + 1]}), but the layer's edge {c} in canonical order is ({chunk[differs]}, {chunk[differs + 1]})");
            }
        }
    }

    /// <summary>What a metadata value must be: a test and the words for it.</summary>
    private sealed record Rule(Func<string, bool> Accepts, string Expected);

    /// <summary>Returns <paramref name="values"/> when every one is finite.</summary>
    /// <exception cref="InvalidDataException">One is NaN or infinite; the message names the file, the tensor and the first such index.</exception>
    private static float[] Finite(string path, string tensor, float[] values)
    {
        int bad = System.Array.FindIndex(values, v => !float.IsFinite(v));
        return bad < 0 ? values : throw Safetensors.Bad(path, $"tensor '{tensor}' holds {values[bad].ToString(CultureInfo.InvariantCulture)} at index {bad}; weights, biases and optimizer state must be finite");
    }

    /// <summary>The rules of the metadata values the format defines.</summary>
    private static class Rules
    {
        public static readonly Rule PositiveInt = new(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1, "a positive 32-bit integer");
        public static readonly Rule UInt64 = new(v => ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _), "an unsigned 64-bit integer");
        public static readonly Rule Hex64 = new(v => v.Length == 18 && v.StartsWith("0x", StringComparison.Ordinal) && ulong.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _), "0x and 16 hexadecimal digits");
        public static readonly Rule Finite = new(v => Number(v) is not null, "a finite number");
        public static readonly Rule Fraction = new(v => Number(v) is >= 0 and <= 1, "a number in [0, 1]");
        public static readonly Rule DropoutRate = new(v => Number(v) is >= 0 and < 1, "a number in [0, 1)");
        public static readonly Rule FiniteSingle = new(v => Number(v) is double d && float.IsFinite((float)d), "a finite 32-bit number");
        // A standard deviation is divided by: a subnormal one (below 2^-126) loses precision and sends inputs to infinity.
        public static readonly Rule PositiveSingle = new(v => Number(v) is double d && float.IsNormal((float)d) && (float)d > 0, "a normal 32-bit number above 0 (at least 1.17549435E-38, not subnormal)");
        public static readonly Rule Steps = new(v => Number(v) is double d && d >= 0 && d == Math.Floor(d) && d < 9223372036854775808.0, "a non-negative integer (the number of steps taken)");
        public static readonly Rule TypeName = new(v => v.Length > 0 && v.All(char.IsAsciiLetterOrDigit), "an optimizer's type name, such as Nadam");
        public static readonly Rule Absent = new(_ => false, "absent: the checkpoint holds no optimizer state");
        public static readonly Rule NoSlope = new(_ => false, "absent: only a LeakyRelu layer has a negative slope");
        public static readonly Rule Pattern = new(v => RecordedPattern(v) is not null, $"one of {string.Join(", ", Enum.GetNames<ConnectivityPattern>())}");
        public static readonly Rule LayerList = new(
            v => v.Split(',') is var names && names.All(n => n.Length > 0 && !ReservedLayerNames.Contains(n)) && names.Distinct(StringComparer.Ordinal).Count() == names.Length,
            "the layer names, comma-separated, each once");

        /// <summary>The rule of a key the caller may set, or null when its value is free.</summary>
        public static Rule? For(string key) => key switch
        {
            "preprocessing.mean" => FiniteSingle,
            "preprocessing.std" => PositiveSingle,
            _ => null,
        };

        public static Rule EnumName<T>()
            where T : struct, Enum =>
            new(v => Enum.GetNames<T>().Contains(v, StringComparer.Ordinal), $"one of {string.Join(", ", Enum.GetNames<T>())}");

        private static double? Number(string v) =>
            double.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null;
    }
}
