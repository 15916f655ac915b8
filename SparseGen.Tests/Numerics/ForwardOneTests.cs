using SparseGen.Kernels;

namespace SparseGen.Tests.Numerics;

/// <summary>
/// <see cref="SparseRows.ForwardOne"/> runs four units side by side; each unit's sum must still run in edge order,
/// so it equals a plain one-unit-at-a-time loop bit for bit, whatever the units' fan-ins.
/// </summary>
public class ForwardOneTests
{
    [Theory]
    [InlineData(9, 1, 0.5)]
    [InlineData(40, 4, 0.3)]
    [InlineData(40, 7, 0.3)]
    [InlineData(300, 53, 0.1)]
    public void Equals_a_plain_loop_bit_for_bit(int inputs, int units, double density)
    {
        // Uneven fan-ins, and a unit with no edges at all, so the common steps and each unit's rest both run.
        var random = new Random(units);
        var edges = new List<(int Input, int Output)>();
        for (int j = 0; j < units; j++)
        {
            int fanIn = j == units / 2 ? 0 : random.Next(1, (int)(inputs * density * 2) + 2);
            edges.AddRange(Enumerable.Range(0, inputs).OrderBy(_ => random.Next()).Take(Math.Min(fanIn, inputs)).Select(i => (i, j)));
        }

        var topology = SparseGen.Topology.FromEdges(inputs, units, edges);
        float[] w = Reference.Random(topology.EdgeCount, 1), b = Reference.Random(units, 2), x = Reference.Random(inputs, 3);
        var expected = new float[units];
        var (columns, rows) = (new int[topology.EdgeCount], new int[topology.EdgeCount]);
        topology.CopyEdges(columns, rows);
        Array.Copy(b, expected, units);
        for (int e = 0; e < columns.Length; e++)
        {
            expected[rows[e]] += w[e] * x[columns[e]];
        }

        var output = new float[units];
        SparseRows.ForwardOne(topology, w, b, x, output);

        Assert.Equal(expected, output);
    }

    [Fact]
    public void A_wrong_length_names_the_span_and_both_sizes()
    {
        var topology = SparseGen.Topology.Create(ConnectivityPattern.Uniform, 20, 8, 0.25, 1);
        var e = Assert.Throws<ArgumentException>(() => SparseRows.ForwardOne(topology, new float[topology.EdgeCount], new float[8], new float[19], new float[8]));
        Assert.Contains("input", e.Message);
        Assert.Contains("20", e.Message);
        Assert.Contains("19", e.Message);
    }
}
