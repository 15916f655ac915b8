using SparseGen;
using SparseGen.Tests.Numerics;
using TopologyType = SparseGen.Topology;
using SparseGen.Analysis;

namespace SparseGen.Tests.Analysis;

public class AnalysisTests
{
    [Theory]
    [InlineData(784, 250, 0.1, 26403.79)]
    [InlineData(1000, 250, 0.1, 33877.22)]
    public void Model_space_size_reproduces_Luo_2020_Table_2(int nin, int nout, double density, double expected)
    {
        double log10 = TopologyAnalysis.Log10ModelSpace(nin, nout, TopologyType.EdgeCountFor(nin, nout, density));

        Assert.Equal(expected, Math.Round(log10, 2));
    }

    [Fact]
    public void Model_space_of_a_dense_layer_is_one_network()
    {
        Assert.Equal(0, TopologyAnalysis.Log10ModelSpace(30, 20, 600), 9);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Two_Uniform_seeds_differ_in_one_minus_d_of_their_edges(double density)
    {
        var a = TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, density, 1);
        var b = TopologyType.Create(ConnectivityPattern.Uniform, 784, 250, density, 2);

        Assert.InRange(TopologyAnalysis.StructureVariation(a, b), 1 - density - 0.01, 1 - density + 0.01);
        Assert.Equal(0, TopologyAnalysis.StructureVariation(a, a));
    }

    [Fact]
    public void Structure_variation_counts_the_edges_of_the_first_that_the_second_lacks()
    {
        var a = TopologyType.FromEdges(3, 2, [(0, 0), (1, 0), (2, 1), (0, 1)]);
        var b = TopologyType.FromEdges(3, 2, [(0, 0), (2, 1)]);

        Assert.Equal(0.5, TopologyAnalysis.StructureVariation(a, b));
        Assert.Equal(0.0, TopologyAnalysis.StructureVariation(b, a));
        Assert.Throws<ArgumentException>(() => TopologyAnalysis.StructureVariation(a, TopologyType.FromEdges(2, 3, [(0, 0)])));
    }

    [Fact]
    public void Degrees_report_the_ranges_and_means()
    {
        var t = TopologyType.FromEdges(3, 2, [(0, 0), (1, 0), (2, 0), (0, 1)]);

        Assert.Equal(new DegreeStatistics(1, 3, 2.0, 1, 2, 4 / 3.0), TopologyAnalysis.Degrees(t));
    }

    [Fact]
    public void Algebraic_connectivity_of_a_complete_bipartite_graph_is_its_smaller_side()
    {
        // K(m, n) has Laplacian eigenvalues 0, m (n - 1 times), n (m - 1 times) and m + n.
        var dense = TopologyType.Create(ConnectivityPattern.Dense, 5, 3, 1.0, 0);

        Reference.Close(3, TopologyAnalysis.AlgebraicConnectivity(dense), 1e-9, 1e-9);
    }

    [Fact]
    public void Algebraic_connectivity_of_a_disconnected_layer_is_zero()
    {
        var t = TopologyType.FromEdges(4, 4, [(0, 0), (1, 1), (2, 2), (3, 3)]);

        Reference.Close(0, TopologyAnalysis.AlgebraicConnectivity(t), 0, 1e-9);
    }

    [Fact]
    public void Spectral_gap_of_the_all_ones_matrix_is_its_only_singular_value()
    {
        var dense = TopologyType.Create(ConnectivityPattern.Dense, 8, 2, 1.0, 0);

        Reference.Close(4, TopologyAnalysis.SpectralGap(dense), 1e-9, 1e-9);
    }

    [Fact]
    public void Spectral_gap_of_a_rotating_circulant_is_k_minus_the_second_largest_singular_value()
    {
        // A square circulant's singular values are |sum_p v_p w^(p m)|: the largest is k, at m = 0.
        var t = TopologyType.Create(ConnectivityPattern.RegularRotating, 12, 12, 0.25, 0);
        double second = Enumerable.Range(1, 11).Select(m => System.Numerics.Complex.Abs(Enumerable.Range(0, 3)
            .Select(p => System.Numerics.Complex.FromPolarCoordinates(1, 2 * Math.PI * p * m / 12)).Aggregate((x, y) => x + y))).Max();

        Reference.Close(3 - second, TopologyAnalysis.SpectralGap(t), 1e-9, 1e-9);
    }

    [Fact]
    public void Scatter_is_one_for_a_dense_layer_and_follows_Dey_for_a_hand_made_one()
    {
        Assert.Equal(new ScatterValues(1, 1), TopologyAnalysis.Scatter(TopologyType.Create(ConnectivityPattern.Dense, 6, 4, 1.0, 0)));

        // 4 inputs, 2 outputs, 4 edges: fan-in 2, so 2 input windows {0,1} {2,3}; fan-out 1, so 1 output window.
        // Output 0 takes inputs 0 and 1 (one window of two), output 1 takes 2 and 3: forward 2/4; every input is
        // reached from the single output window: backward 4/4.
        var t = TopologyType.FromEdges(4, 2, [(0, 0), (1, 0), (2, 1), (3, 1)]);
        var scatter = TopologyAnalysis.Scatter(t);

        Assert.Equal(new ScatterValues(0.5, 1), scatter);
        Assert.Equal(0.5, scatter.Value);
    }
}
