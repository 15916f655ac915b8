using SparseGen;
using Xunit;
using SparseGen.Core.Random;

namespace SparseGen.Tests.Topology;

public class PrngTests
{
    [Theory]
    [InlineData(0UL, 0x99ec5f36cb75f2b4UL, 0xbf6e1f784956452aUL, 0x1a5f849d4933e6e0UL)]
    [InlineData(42UL, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL)]
    public void Xoshiro256StarStar_matches_the_test_vectors_of_docs_patterns_md(ulong seed, ulong first, ulong second, ulong third)
    {
        var rng = new Xoshiro256StarStar(seed);

        Assert.Equal(first, rng.NextUInt64());
        Assert.Equal(second, rng.NextUInt64());
        Assert.Equal(third, rng.NextUInt64());
    }

    [Fact]
    public void SplitMix64_matches_its_reference_first_output_for_seed_0()
    {
        // Reference: Vigna's splitmix64.c, x = 0: first output 0xE220A8397B1DCDAF.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).Next());
    }

    [Fact]
    public void NextInt_is_unbiased_over_a_bound_that_does_not_divide_2_to_the_32()
    {
        var rng = new Xoshiro256StarStar(7);
        var counts = new int[3];
        for (int k = 0; k < 300_000; k++)
        {
            counts[rng.NextInt(3)]++;
        }

        foreach (int c in counts)
        {
            Assert.InRange(c, 99_000, 101_000);
        }
    }

    [Fact]
    public void Shuffle_is_a_seeded_permutation()
    {
        int[] a = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        int[] b = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        new Xoshiro256StarStar(5).Shuffle(a);
        new Xoshiro256StarStar(5).Shuffle(b);

        Assert.Equal(a, b);
        Assert.NotEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], a);
        Assert.Equal(Enumerable.Range(0, 10), a.Order());
    }

    [Fact]
    public void NextInt_rejects_a_bound_below_1()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Xoshiro256StarStar(1).NextInt(0));
    }
}
