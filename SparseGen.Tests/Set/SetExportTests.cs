using SparseGen;
using SparseGen.IO;

namespace SparseGen.Tests.Set;

public sealed class SetExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-set-io-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_heat_map_draws_each_input_of_each_panel_on_one_shared_scale()
    {
        var kernel = new SparseGen.Kernels.Generic.CsrLayerKernel(SparseGen.Topology.FromEdges(4, 3, [(0, 0), (0, 1), (0, 2), (3, 1)]));
        int[] degrees = ConnectivityHeatMap.InputDegrees(kernel);
        Assert.Equal([3, 0, 0, 1], degrees);

        string svg = ConnectivityHeatMap.Render([new HeatMapPanel("start", degrees), new HeatMapPanel("end", [1, 1, 1, 1])], 2, 2, "a <title>");
        Assert.Equal(8, svg.Split("width=\"10\" height=\"10\"").Length - 1);
        Assert.Contains("#08306b", svg); // the most connected input of either panel is the darkest colour
        Assert.Contains(">3</text>", svg);
        Assert.Contains("a &lt;title&gt;", svg);
        var e = Assert.Throws<ArgumentException>(() => ConnectivityHeatMap.Render([new HeatMapPanel("short", [1, 2, 3])], 2, 2, "t"));
        Assert.Contains("Panel 'short' has 3 counts; a 2 x 2 grid needs 4", e.Message);
    }

    [Fact]
    public void The_history_has_a_row_per_epoch_with_the_step_that_followed_it()
    {
        GenericSparseModel model = SetModels.Mlp(12, [10], 3);
        var evolution = new SparseEvolution(0.3, 1) { Pruning = NeuronPruning.FewestConnections(0.2, beta: 1, gamma: 1) };
        IReadOnlyList<EpochResult> history = new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Evolution = evolution }.Fit(SetModels.Data(24, 12, 3), 3, 8);
        string path = Path.Combine(_dir, "history.csv");
        EvolutionReport.WriteCsv(history, evolution.History, path);

        string[][] rows = File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();
        Assert.Equal(["epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds", "validation_seconds", "evolution_seconds",
            "edges_removed", "edges_added", "neurons_pruned", "edges_pruned", "units", "edges", "parameters"], rows[0]);
        Assert.Equal(4, rows.Length);
        EvolutionStep first = evolution.History[0];
        Assert.Equal([first.EdgesRemoved.Sum().ToString(), first.EdgesAdded.Sum().ToString(), "2"], rows[1][8..11]);
        Assert.Equal("8 3", rows[1][12]);
        Assert.Equal("0", rows[2][10]);
        Assert.Equal("0", rows[1][6]); // no validation set
        Assert.All(rows[3][7..], cell => Assert.Equal("", cell)); // nothing evolves after the last epoch
    }
}
