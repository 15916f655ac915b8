using FsCheck;
using FsCheck.Fluent;
using SparseGen;
using Xunit;
using TopologyType = SparseGen.Topology;

namespace SparseGen.Tests.Topology;

public class UniformPatternTests
{
    [Fact]
    public void Every_fan_in_and_fan_out_is_within_one_of_the_mean_and_no_edge_repeats()
    {
        var sizes = Gen.Choose(1, 120);
        var densities = Gen.Choose(0, 1000).Select(k => k / 1000.0);
        var seeds = Gen.Choose(0, int.MaxValue);
        var specs = from nin in sizes from nout in sizes from d in densities from seed in seeds select (nin, nout, d, seed);

        Prop.ForAll(specs.ToArbitrary(), spec =>
        {
            var (nin, nout, d, seed) = spec;
            var t = TopologyType.Create(ConnectivityPattern.Uniform, nin, nout, d, (ulong)seed);
            long e = TopologyType.EdgeCountFor(nin, nout, d);
            return t.EdgeCount == e
                && HasNoDuplicateEdge(t)
                && Enumerable.Range(0, nin).All(i => t.FanOut(i) == e / nin || t.FanOut(i) == ((e + nin - 1) / nin))
                && Enumerable.Range(0, nout).All(j => t.FanIn(j) == e / nout || t.FanIn(j) == ((e + nout - 1) / nout));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Theory]
    [InlineData(784, 250, 0.1)]
    [InlineData(1000, 250, 0.1)]
    [InlineData(300, 100, 0.5)]
    [InlineData(64, 64, 0.9)]
    [InlineData(784, 250, 0.01)]
    public void Degrees_are_exact_when_the_edge_count_divides(int nin, int nout, double d)
    {
        var t = TopologyType.Create(ConnectivityPattern.Uniform, nin, nout, d, 42);
        long e = t.EdgeCount;

        Assert.Equal(TopologyType.EdgeCountFor(nin, nout, d), e);
        Assert.All(Enumerable.Range(0, nin), i => Assert.InRange(t.FanOut(i), e / nin, (e + nin - 1) / nin));
        Assert.All(Enumerable.Range(0, nout), j => Assert.InRange(t.FanIn(j), e / nout, (e + nout - 1) / nout));
        if (e % nin == 0)
        {
            Assert.All(Enumerable.Range(0, nin), i => Assert.Equal(e / nin, t.FanOut(i)));
        }

        if (e % nout == 0)
        {
            Assert.All(Enumerable.Range(0, nout), j => Assert.Equal(e / nout, t.FanIn(j)));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_edges_and_another_seed_other_edges()
    {
        var a = TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 42);
        var b = TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 42);
        var c = TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 43);

        Assert.Equal(a.Edges, b.Edges);
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }

    [Fact]
    public void Fingerprints_are_frozen()
    {
        // Changing these is a breaking change: checkpoints and generated code carry them (docs/patterns.md, "Determinism").
        Assert.Equal(0x2A0396ADC2890DE3UL, TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 42).Fingerprint);
        Assert.Equal(0xA555C1A56A0DEBF1UL, TopologyType.Create(ConnectivityPattern.Uniform, 10, 7, 0.3, 1).Fingerprint);
        Assert.Equal(0xB734E0FCF3CF05B4UL, TopologyType.Create(ConnectivityPattern.Dense, 3, 2, 1.0, 0).Fingerprint);
    }

    [Fact]
    public void Fingerprint_is_FNV1a_over_input_then_output_as_little_endian_int32()
    {
        var t = TopologyType.FromEdges(2, 1, [(1, 0)]);
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 })
        {
            h = (h ^ b) * 0x100000001B3UL;
        }

        Assert.Equal(h, t.Fingerprint);
    }

    [Fact]
    public void Density_above_one_half_is_built_from_the_complement_and_keeps_both_guarantees()
    {
        var t = TopologyType.Create(ConnectivityPattern.Uniform, 50, 30, 0.83, 9);
        long e = t.EdgeCount;

        Assert.Equal(TopologyType.EdgeCountFor(50, 30, 0.83), e);
        Assert.True(HasNoDuplicateEdge(t));
        Assert.All(Enumerable.Range(0, 50), i => Assert.InRange(t.FanOut(i), e / 50, (e + 49) / 50));
        Assert.All(Enumerable.Range(0, 30), j => Assert.InRange(t.FanIn(j), e / 30, (e + 29) / 30));
    }

    [Fact]
    public void Dense_connects_every_pair_in_canonical_order()
    {
        var t = TopologyType.Create(ConnectivityPattern.Dense, 3, 2, 1.0, 0);

        Assert.Equal([(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1)], t.Edges);
    }

    [Theory]
    [InlineData(ConnectivityPattern.Dense, 0.5)]
    [InlineData(ConnectivityPattern.Uniform, -0.1)]
    [InlineData(ConnectivityPattern.Uniform, 1.1)]
    [InlineData(ConnectivityPattern.Uniform, double.NaN)]
    public void Create_rejects_an_invalid_density(ConnectivityPattern pattern, double density)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => TopologyType.Create(pattern, 4, 4, density, 0));
        Assert.Contains("density", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Create_rejects_more_edges_than_a_layer_can_hold()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TopologyType.Create(ConnectivityPattern.Uniform, 100_000, 100_000, 0.5, 0));
        Assert.Contains("at most", e.Message);
    }

    [Fact]
    public void FromEdges_rejects_a_repeated_edge_and_an_edge_outside_the_layer()
    {
        Assert.Throws<ArgumentException>(() => TopologyType.FromEdges(3, 3, [(0, 1), (2, 2), (0, 1)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopologyType.FromEdges(3, 3, [(3, 0)]));
    }

    [Fact]
    public void Canonical_edges_build_the_same_topology_in_one_pass_and_anything_else_is_left_to_FromEdges()
    {
        TopologyType t = TopologyType.Create(ConnectivityPattern.ErdosRenyi, 40, 30, 0.2, 7);
        int[] pairs = t.Edges.SelectMany(e => new[] { e.Input, e.Output }).ToArray();

        TopologyType? fast = TopologyType.FromCanonicalEdges(40, 30, pairs);
        Assert.NotNull(fast);
        Assert.Equal(t.Fingerprint, fast.Fingerprint);
        Assert.Equal(t.Edges, fast.Edges);

        int[] swapped = [.. pairs];
        (swapped[0], swapped[1], swapped[2], swapped[3]) = (pairs[2], pairs[3], pairs[0], pairs[1]);
        Assert.Null(TopologyType.FromCanonicalEdges(40, 30, swapped));
        Assert.Null(TopologyType.FromCanonicalEdges(40, 30, [.. pairs[..2], .. pairs]));
        Assert.Null(TopologyType.FromCanonicalEdges(40, 30, [40, 0]));
        Assert.Null(TopologyType.FromCanonicalEdges(40, 30, [0, 30]));
    }

    private static bool HasNoDuplicateEdge(TopologyType t) => t.Edges.Distinct().Count() == t.EdgeCount;
}
