using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Each layer's topology as the checkpoint holds it (its <c>L.edges</c> tensor, with the sizes in <c>L.inputs</c> and
    /// <c>L.units</c>), by layer name: to build a model whose topology was learned (set each
    /// <see cref="LayerSpec.Topology"/>) before <see cref="Load"/> fills it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a SparseGen checkpoint, is truncated or corrupted, a layer's
    /// sizes or edges are missing or malformed (an edge outside the layer or repeated), or the edges' fingerprint differs
    /// from the one recorded; the message names the file and the layer.</exception>
    public static IReadOnlyDictionary<string, Topology> ReadTopologies(string path)
    {
        CheckpointFile file = Read(path);
        var topologies = new Dictionary<string, Topology>(StringComparer.Ordinal);
        foreach (string name in file.Metadata.GetValueOrDefault("model.layers", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int inputs = Size(file, name, "inputs"), units = Size(file, name, "units");
            int[] pairs = Ints(file, $"{name}.edges");
            Topology topology;
            try
            {
                topology = Topology.FromEdges(inputs, units, Enumerable.Range(0, pairs.Length / 2).Select(e => (pairs[2 * e], pairs[(2 * e) + 1])));
            }
            catch (ArgumentException e)
            {
                throw Bad(path, $"layer '{name}': its edges do not form a {inputs} x {units} topology: {e.Message}");
            }

            string recorded = file.Metadata.GetValueOrDefault($"{name}.fingerprint", "none"), actual = $"0x{topology.Fingerprint:X16}";
            if (recorded != actual)
            {
                throw Bad(path, $"layer '{name}': its edges have fingerprint {actual}, but the metadata records {recorded}");
            }

            topologies[name] = topology;
        }

        return topologies;
    }

    private static int Size(CheckpointFile file, string layer, string what)
    {
        string key = $"{layer}.{what}";
        if (!int.TryParse(file.Metadata.GetValueOrDefault(key), NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1)
        {
            throw Bad(file.Path, $"layer '{layer}': the metadata's '{key}' is '{file.Metadata.GetValueOrDefault(key, "missing")}', not a layer size");
        }

        return size;
    }

    /// <summary>An I32 <c>[E, 2]</c> tensor's values.</summary>
    private static int[] Ints(CheckpointFile file, string name)
    {
        if (!file.Tensors.TryGetValue(name, out var t))
        {
            throw Bad(file.Path, $"tensor '{name}' is missing");
        }

        if (t.DType != "I32" || t.Shape.Length != 2 || t.Shape[1] != 2 || t.Shape[0] < 0 || t.End - t.Start != 8 * t.Shape[0])
        {
            throw Bad(file.Path, $"tensor '{name}' is {t.DType} [{string.Join(", ", t.Shape)}] over {t.End - t.Start} bytes; edges are I32 [E, 2]");
        }

        return MemoryMarshal.Cast<byte, int>(file.Bytes.AsSpan((int)(file.DataStart + t.Start), (int)(t.End - t.Start))).ToArray();
    }
}
