using SparseGen.Core.Random;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Training;

/// <summary>The Keras-level feedback of the library: <see cref="ConsoleProgress"/>, <see cref="History.ToString"/>, <see cref="ModelSummary"/>.</summary>
public class FeedbackTests
{
    private static Dataset Blobs(int count, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var features = new float[count * 4];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = s % 2;
            for (int f = 0; f < 4; f++)
            {
                features[(s * 4) + f] = rng.NextSingle() - 0.5f + (labels[s] == f % 2 ? 1.5f : 0);
            }
        }

        return new Dataset(features, 4, labels, 2);
    }

    private static GenericSparseModel Model() => new(4,
    [
        new LayerSpec("Hidden", ConnectivityPattern.Uniform, 6, 0.5, 1, Activation.Tanh),
        new LayerSpec("Output", ConnectivityPattern.Dense, 2, 1.0, 0, Activation.Softmax),
    ], 1);

    [Fact]
    public void Epoch_lines_write_one_line_per_epoch_with_validation()
    {
        var output = new StringWriter();
        History history = new Trainer(Model(), new Adam(0.01), Loss.CategoricalCrossEntropy)
            .Fit(Blobs(40, 1), 3, 8, Blobs(20, 2), [new ConsoleProgress(Verbosity.EpochLines, output)]);

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("epoch 1/3  loss ", lines[0]);
        Assert.Contains("val acc ", lines[2]);
        Assert.Contains(history[2].TrainLoss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), lines[2]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void Epoch_lines_add_a_progress_line_per_interval_within_an_epoch_and_time_the_validation()
    {
        var output = new StringWriter();
        History history = new Trainer(Model(), new Adam(0.01), Loss.CategoricalCrossEntropy)
            .Fit(Blobs(40, 1), 2, 8, Blobs(20, 2), [new ConsoleProgress(Verbosity.EpochLines, output, lineInterval: TimeSpan.FromTicks(1))]);

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        // Five batches an epoch: a progress line after each of the first four (the fifth is the epoch's own line).
        Assert.Equal(10, lines.Length);
        Assert.StartsWith("epoch 1/2  batch 1/5  loss ", lines[0]);
        Assert.Contains(" samples/s  ETA ", lines[3]);
        Assert.StartsWith("epoch 1/2  loss ", lines[4]);
        Assert.Matches(@" s \(validation \d+\.\d\d s\)$", lines[9]);
        Assert.All(history, e => Assert.True(e.ValidationSeconds > 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsoleProgress(Verbosity.EpochLines, lineInterval: TimeSpan.Zero));
    }

    [Fact]
    public void The_progress_bar_redraws_one_line_and_ends_each_epoch_with_a_newline()
    {
        var output = new StringWriter();
        new Trainer(Model(), new Adam(0.01), Loss.CategoricalCrossEntropy)
            .Fit(Blobs(40, 1), 2, 8, callbacks: [new ConsoleProgress(Verbosity.ProgressBar, output, r => $"  extra{r.Epoch}")]);

        string text = output.ToString();
        string[] lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("\repoch 1/2 [====>...................] 1/5  loss ", lines[0]); // the first batch of five
        Assert.Contains("1/5  loss ", lines[0]);
        Assert.Contains("ETA ", lines[0]);
        // What the terminal shows at the end: the text after the last carriage return of each line.
        Assert.StartsWith("epoch 2/2 [========================]  loss ", lines[1][(lines[1].LastIndexOf('\r') + 1)..]);
        Assert.EndsWith("  extra2", lines[1].TrimEnd());
        Assert.DoesNotContain("val acc", text);
    }

    [Fact]
    public void Auto_is_a_bar_in_a_terminal_and_silent_when_redirected()
    {
        Assert.Equal(Verbosity.ProgressBar, ConsoleProgress.Resolve(Verbosity.Auto, outputRedirected: false));
        Assert.Equal(Verbosity.Silent, ConsoleProgress.Resolve(Verbosity.Auto, outputRedirected: true));
        Assert.Equal(Verbosity.EpochLines, ConsoleProgress.Resolve(Verbosity.EpochLines, outputRedirected: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsoleProgress((Verbosity)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Model(), new Sgd(0.1), Loss.CategoricalCrossEntropy) { Verbosity = (Verbosity)42 });
    }

    [Fact]
    public void Trainer_verbosity_writes_to_the_console_unless_a_progress_callback_is_given()
    {
        TextWriter original = Console.Out;
        var console = new StringWriter();
        var own = new StringWriter();
        try
        {
            Console.SetOut(console);
            var trainer = new Trainer(Model(), new Sgd(0.1), Loss.CategoricalCrossEntropy) { Verbosity = Verbosity.EpochLines };
            trainer.Fit(Blobs(16, 1), 2, 8);
            trainer.Fit(Blobs(16, 1), 2, 8, callbacks: [new ConsoleProgress(Verbosity.EpochLines, own)]);
            new Trainer(Model(), new Sgd(0.1), Loss.CategoricalCrossEntropy) { Verbosity = Verbosity.Silent }.Fit(Blobs(16, 1), 2, 8);
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(2, console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, own.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void History_prints_a_table_of_its_epochs()
    {
        var history = new History(
        [
            new EpochResult(1, 0.5, 0.8, 0.4, 0.85, 1.25),
            new EpochResult(2, 0.3, 0.9, 0.35, 0.9125, 1.5),
        ]);

        string[] lines = history.ToString().Split(Environment.NewLine);
        Assert.Equal("epoch  train loss  train acc  val loss  val acc  seconds", lines[0]);
        Assert.Equal("    1      0.5000    80.00 %    0.4000  85.00 %     1.25", lines[1]);
        Assert.Equal("    2      0.3000    90.00 %    0.3500  91.25 %     1.50", lines[2]);
        Assert.Equal("2 epochs, 2.75 s of training; best val acc 91.25 % (epoch 2)", lines[3]);
        Assert.Equal(2, history.Best!.Epoch);
        Assert.Equal(2.75, history.TotalSeconds);
        Assert.DoesNotContain(nameof(History), history.ToString());
        Assert.Equal("History: no epoch completed", new History([]).ToString());
        Assert.Throws<ArgumentNullException>(() => new History([null!]));
    }

    [Fact]
    public void History_without_validation_names_the_lowest_training_loss()
    {
        History history = new Trainer(Model(), new Adam(0.01), Loss.CategoricalCrossEntropy) { Verbosity = Verbosity.Silent }.Fit(Blobs(40, 1), 3, 8);
        string text = history.ToString();
        Assert.StartsWith("epoch  train loss  train acc  seconds", text);
        Assert.Contains("3 epochs", text);
        Assert.Contains("lowest train loss", text);
        Assert.Equal(history.MinBy(e => e.TrainLoss), history.Best);
    }

    [Fact]
    public void Summary_lists_layers_edges_parameters_and_strategies()
    {
        var model = new SmallUsn();
        string summary = model.Summary();
        string[] lines = summary.Split(Environment.NewLine);
        Assert.StartsWith("Model: SmallUsn, 2 layers, ", lines[0]);
        Assert.Contains("layer", lines[2]);
        foreach (ISparseLayer layer in model.Layers)
        {
            string row = lines.Single(l => l.StartsWith(layer.Name + " ", StringComparison.Ordinal));
            Assert.Contains($"{layer.Inputs} -> {layer.Units}", row);
            Assert.Contains(layer.Pattern.ToString(), row);
            Assert.Contains(layer.EdgeCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row);
            Assert.Contains(((long)layer.EdgeCount + layer.Units).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row);
            Assert.Contains($"generated {layer.Kernel.Strategy}", row);
        }

        Assert.Contains($"Parameters: {((ISparseModel)model).Network.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} trainable", summary);
        var written = new StringWriter();
        model.Summary(written);
        Assert.Equal(summary, written.ToString());
    }

    [Fact]
    public void Summary_of_a_run_time_model_names_its_generic_kernels_and_real_density()
    {
        GenericSparseModel model = Model();
        string summary = model.Summary();
        string hidden = summary.Split(Environment.NewLine).Single(l => l.StartsWith("Hidden ", StringComparison.Ordinal));
        Assert.Contains("generic ", hidden);
        Assert.Contains((model.Layers[0].EdgeCount / 24.0).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture), hidden); // real edges over the 4 x 6 possible
        Assert.Throws<ArgumentNullException>(() => ModelSummary.Summary(null!));
    }
}

public class TrainingPlotTests
{
    [Fact]
    public void The_plot_labels_its_axes_with_round_ticks()
    {
        var history = new History([new EpochResult(1, 0.5214, 0.71, 0.4, 0.85, 1), new EpochResult(2, 0.2846, 0.97, 0.3, 0.9, 1)]);
        string svg = SparseGen.IO.TrainingReport.RenderPlot(history, "t");
        Assert.DoesNotContain(">0.295<", svg);
        Assert.Contains(">0.30<", svg);
    }

    [Fact]
    public void The_plot_has_a_loss_and_an_accuracy_panel_with_one_legend_entry_per_series()
    {
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var history = new History([new EpochResult(1, 0.5, 0.7, 0.4, 0.8, 1), new EpochResult(2, 0.3, 0.9, 0.35, 0.85, 1)]);
        var svg = System.Xml.Linq.XDocument.Parse(SparseGen.IO.TrainingReport.RenderPlot(history, "MNIST <784-300-10>"));
        string[] texts = svg.Descendants(ns + "text").Select(t => t.Value).ToArray();
        Assert.Equal("MNIST <784-300-10>", texts[0]);
        Assert.Equal(["loss", "accuracy"], texts.Where(t => t is "loss" or "accuracy"));
        Assert.Equal(2, texts.Count(t => t == "epoch"));
        Assert.Equal(["training", "validation"], texts.Where(t => t is "training" or "validation"));
        Assert.Equal([null, "6 4", null, "6 4"], svg.Descendants(ns + "polyline").Select(p => p.Attribute("stroke-dasharray")?.Value));

        var trainingOnly = new History([new EpochResult(1, double.NaN, 0.7, null, null, 1), new EpochResult(2, double.NaN, 0.9, null, null, 1)]);
        svg = System.Xml.Linq.XDocument.Parse(SparseGen.IO.TrainingReport.RenderPlot(trainingOnly, "diverged"));
        Assert.Single(svg.Descendants(ns + "polyline")); // accuracy only: a diverged loss leaves its panel empty
        Assert.DoesNotContain(svg.Descendants(ns + "text"), t => t.Value == "validation");
    }
}
