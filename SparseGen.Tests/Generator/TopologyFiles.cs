using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;

namespace SparseGen.Tests.Generator;

/// <summary>Topology files for generator tests: Matrix Market text of a topology, and models that read them.</summary>
internal static class TopologyFiles
{
    /// <summary>
    /// The coordinate file of <paramref name="topology"/> (rows are units, columns inputs, 1-based), its entries in
    /// a seeded shuffled order, with <paramref name="values"/> (canonical order) as a real file when given.
    /// </summary>
    public static string Text(SparseGen.Topology topology, float[]? values = null, ulong shuffle = 1)
    {
        var lines = topology.Edges.Select((edge, e) => values is null
            ? $"{edge.Output + 1} {edge.Input + 1}"
            : $"{edge.Output + 1} {edge.Input + 1} {values[e].ToString("R", CultureInfo.InvariantCulture)}").ToArray();
        new Random((int)shuffle).Shuffle(lines);
        var text = new StringBuilder($"%%MatrixMarket matrix coordinate {(values is null ? "pattern" : "real")} general\n% a test topology\n");
        text.Append(CultureInfo.InvariantCulture, $"{topology.Units} {topology.Inputs} {topology.EdgeCount}\n");
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>An AdditionalFiles item at <c>/project/topologies/{name}</c>.</summary>
    public static AdditionalText File(string name, string text) => new InMemoryText("/project/topologies/" + name, text);

    /// <summary>A model of <paramref name="inputs"/> inputs with <paramref name="layers"/> (attribute and property lines).</summary>
    public static string Model(string layers, int inputs = 30, string name = "Learned") => $$"""
        using SparseGen;
        namespace Demo;

        [SparseModel(Inputs = {{inputs}})]
        public sealed partial class {{name}}
        {
            {{layers}}
        }
        """;

    /// <summary>Generates, compiles and loads a model, and creates it.</summary>
    public static ISparseModel Create(string source, string name, params AdditionalText[] files)
    {
        Assembly assembly = GeneratorHarness.Load(source, files);
        return (ISparseModel)Activator.CreateInstance(assembly.GetType("Demo." + name, throwOnError: true)!)!;
    }
}
