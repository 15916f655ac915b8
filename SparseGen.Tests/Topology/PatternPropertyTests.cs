using FsCheck;
using FsCheck.Fluent;
using SparseGen;
using TopologyType = SparseGen.Topology;

namespace SparseGen.Tests.Topology;

public class PatternPropertyTests
{
    private static readonly ConnectivityPattern[] Seeded = [ConnectivityPattern.Uniform, ConnectivityPattern.ErdosRenyi, ConnectivityPattern.RandomRegular, ConnectivityPattern.RandomRotating];
    private static readonly ConnectivityPattern[] Rotating = [ConnectivityPattern.RandomRotating, ConnectivityPattern.RegularRotating, ConnectivityPattern.LongShortRotating, ConnectivityPattern.FibonacciRotating];

    public static TheoryData<ConnectivityPattern> SparsePatterns() => new(Enum.GetValues<ConnectivityPattern>().Where(p => p != ConnectivityPattern.Dense));

    private static Arbitrary<(int Nin, int Nout, double Density, int Seed)> Specs(int maxSize = 90) =>
        (from nin in Gen.Choose(1, maxSize)
         from nout in Gen.Choose(1, maxSize)
         from d in Gen.Choose(0, 1000).Select(k => k / 1000.0)
         from seed in Gen.Choose(0, int.MaxValue)
         select (nin, nout, d, seed)).ToArbitrary();

    private static void Holds(Func<(int Nin, int Nout, double Density, int Seed), bool> property) =>
        Prop.ForAll(Specs(), property).Check(Config.QuickThrowOnFailure.WithMaxTest(200));

    [Theory]
    [MemberData(nameof(SparsePatterns))]
    public void Every_pattern_gives_its_edge_count_of_distinct_edges_and_is_deterministic(ConnectivityPattern pattern) => Holds(s =>
    {
        var t = TopologyType.Create(pattern, s.Nin, s.Nout, s.Density, (ulong)s.Seed);
        var again = TopologyType.Create(pattern, s.Nin, s.Nout, s.Density, (ulong)s.Seed);
        return t.EdgeCount == TopologyType.EdgeCountFor(pattern, s.Nin, s.Nout, s.Density)
            && t.Edges.Distinct().Count() == t.EdgeCount
            && t.Fingerprint == again.Fingerprint;
    });

    [Fact]
    public void RandomRegular_and_the_rotating_family_give_every_input_exactly_k_outputs()
    {
        foreach (ConnectivityPattern pattern in Rotating.Append(ConnectivityPattern.RandomRegular))
        {
            Holds(s =>
            {
                var t = TopologyType.Create(pattern, s.Nin, s.Nout, s.Density, (ulong)s.Seed);
                int k = TopologyType.DegreeFor(s.Nout, s.Density);
                return Enumerable.Range(0, s.Nin).All(i => t.FanOut(i) == k);
            });
        }
    }

    [Fact]
    public void Rotating_patterns_are_circulant_and_square_ones_have_fan_in_k_too()
    {
        foreach (ConnectivityPattern pattern in Rotating)
        {
            Holds(s =>
            {
                var t = TopologyType.Create(pattern, s.Nin, s.Nout, s.Density, (ulong)s.Seed);
                var edges = t.Edges.ToHashSet();
                bool circulant = edges.All(e => e.Input + 1 >= s.Nin || edges.Contains((e.Input + 1, (e.Output + 1) % s.Nout)));
                var square = TopologyType.Create(pattern, s.Nout, s.Nout, s.Density, (ulong)s.Seed);
                int k = TopologyType.DegreeFor(s.Nout, s.Density);
                return circulant && Enumerable.Range(0, s.Nout).All(j => square.FanIn(j) == k);
            });
        }
    }

    [Fact]
    public void Seeded_patterns_differ_between_seeds()
    {
        foreach (ConnectivityPattern pattern in Seeded)
        {
            Assert.NotEqual(TopologyType.Create(pattern, 100, 80, 0.2, 1).Fingerprint, TopologyType.Create(pattern, 100, 80, 0.2, 2).Fingerprint);
        }
    }

    [Theory]
    [InlineData(ConnectivityPattern.RegularRotating, new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(ConnectivityPattern.LongShortRotating, new[] { 0, 1, 2, 7, 16, 25 })]
    [InlineData(ConnectivityPattern.FibonacciRotating, new[] { 0, 1, 2, 3, 5, 8 })]
    public void Structured_patterns_place_the_ones_of_v_as_docs_patterns_md_defines(ConnectivityPattern pattern, int[] ones)
    {
        // nout = 30, k = round(0.2 * 30) = 6. Long-short: 3 leading ones, 3 at the centres of 3 segments of the 27 left: 3 + floor((2t+1) * 27 / 6).
        var t = TopologyType.Create(pattern, 30, 30, 0.2, 0);

        Assert.Equal(ones, t.Edges.Where(e => e.Input == 0).Select(e => e.Output).Order());
        Assert.Equal(ones.Select(p => (p + 4) % 30).Order(), t.Edges.Where(e => e.Input == 4).Select(e => e.Output).Order());
    }

    [Fact]
    public void Fibonacci_positions_beyond_nout_are_scaled_and_collisions_move_to_the_next_free_index()
    {
        // k = 8: positions 0, 1, 2, 3, 5, 8, 13, 21; largest 21 > nout - 1 = 9, so scale by 9/21 and floor:
        // 0, 0, 0, 1, 2, 3, 5, 9 -> collisions move on: 0, 1, 2, 3, 4, 5, 6, 9.
        var t = TopologyType.Create(ConnectivityPattern.FibonacciRotating, 10, 10, 0.8, 0);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 9], t.Edges.Where(e => e.Input == 0).Select(e => e.Output).Order());
    }

    [Fact]
    public void ErdosRenyi_is_uniform_over_pairs()
    {
        var counts = new int[20];
        for (int seed = 0; seed < 400; seed++)
        {
            foreach (var (i, j) in TopologyType.Create(ConnectivityPattern.ErdosRenyi, 5, 4, 0.25, (ulong)seed).Edges)
            {
                counts[(j * 5) + i]++;
            }
        }

        // 400 topologies x 5 edges over 20 pairs: 100 each in expectation, standard deviation about 8.7.
        Assert.All(counts, c => Assert.InRange(c, 65, 135));
    }

    [Fact]
    public void Fingerprints_of_every_pattern_are_frozen()
    {
        var actual = Enum.GetValues<ConnectivityPattern>().Where(p => p != ConnectivityPattern.Dense)
            .Select(p => $"{p}: 0x{TopologyType.Create(p, 64, 48, 0.125, 7).Fingerprint:X16}");

        Assert.Equal(
        [
            "Uniform: 0x116B78D9F51CF325",
            "ErdosRenyi: 0x3C06A20D26596E2B",
            "RandomRegular: 0xD1FF2701012C18CD",
            "RandomRotating: 0x831A2D6ABF6D05C5",
            "RegularRotating: 0x081C55197DD5AE55",
            "LongShortRotating: 0x614BFF55B75B7065",
            "FibonacciRotating: 0x66135C629519B855",
        ], actual);
    }
}
