using SparseGen;

namespace SparseGen.Tests.Set;

using Topology = SparseGen.Topology;

public sealed class ErdosRenyiTests
{
    [Theory]
    [InlineData(784, 1000, 20.0, 35680)]
    [InlineData(1000, 1000, 20.0, 40000)]
    [InlineData(1000, 10, 20.0, 10000)] // 20 * 1010 = 20200 is more than every pair: capped at nin * nout
    [InlineData(17, 9, 1.5, 39)]
    [InlineData(3, 5, 0.25, 2)] // 0.25 * 8 = 2
    [InlineData(3, 4, 0.5, 4)] // 0.5 * 7 = 3.5, half to even
    [InlineData(3, 6, 0.5, 4)] // 0.5 * 9 = 4.5, half to even
    [InlineData(1, 1, 7.0, 1)]
    public void A_layer_gets_exactly_round_epsilon_times_its_neurons_edges(int inputs, int units, double epsilon, int edges)
    {
        Assert.Equal(edges, ErdosRenyi.EdgeCount(inputs, units, epsilon));
        Assert.Equal(edges, ErdosRenyi.Create(inputs, units, epsilon, 3).EdgeCount);
        Assert.Equal(edges, new GenericSparseModel(inputs, [ErdosRenyi.Layer("L", inputs, units, epsilon, 3)]).Layers[0].EdgeCount);
    }

    [Fact]
    public void The_density_gives_the_exact_count_at_every_size()
    {
        for (int inputs = 1; inputs <= 60; inputs += 7)
        {
            for (int units = 1; units <= 400; units += 13)
            {
                foreach (double epsilon in new[] { 0.3, 1, 2.5, 11 })
                {
                    double density = ErdosRenyi.Density(inputs, units, epsilon);
                    Assert.Equal(ErdosRenyi.EdgeCount(inputs, units, epsilon), Topology.EdgeCountFor(inputs, units, density));
                }
            }
        }
    }

    [Fact]
    public void A_seed_gives_the_same_edges_and_the_random_edge_pattern_builds_them()
    {
        Topology first = ErdosRenyi.Create(784, 1000, 20, 42), again = ErdosRenyi.Create(784, 1000, 20, 42), other = ErdosRenyi.Create(784, 1000, 20, 43);

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.NotEqual(first.Fingerprint, other.Fingerprint);
        Assert.Equal(first.Fingerprint, Topology.Create(ConnectivityPattern.ErdosRenyi, 784, 1000, ErdosRenyi.Density(784, 1000, 20), 42).Fingerprint);
    }

    [Fact]
    public void Edges_are_spread_uniformly_over_the_pairs()
    {
        // 35,680 of 784,000 pairs: each input's fan-out is binomial with mean 45.5 and sd 6.6.
        Topology topology = ErdosRenyi.Create(784, 1000, 20, 1);
        double[] fanOut = Enumerable.Range(0, 784).Select(i => (double)topology.FanOut(i)).ToArray();
        double mean = fanOut.Average(), sd = Math.Sqrt(fanOut.Average(f => (f - mean) * (f - mean)));

        Assert.Equal(35680 / 784.0, mean, 9);
        Assert.InRange(sd, 5.5, 7.7);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Epsilon_must_be_positive_and_finite(double epsilon)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ErdosRenyi.EdgeCount(10, 10, epsilon));
        Assert.Contains("Epsilon must be a positive finite number", e.Message);
    }
}
