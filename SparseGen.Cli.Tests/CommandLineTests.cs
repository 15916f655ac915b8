using System.Text.Json;

namespace SparseGen.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("train --epochs 0", "--epochs must be at least 1")]
    [InlineData("train --density 1.5", "--density must be in (0, 1]")]
    [InlineData("train --pattern Dense --density 0.1", "the Dense pattern needs density 1")]
    [InlineData("train --optimizer rmsprop", "rmsprop")]
    [InlineData("train --save /no/such/folder/model.safetensors", "the folder '/no/such/folder' does not exist")]
    [InlineData("train --hidden 250 0", "--hidden needs one or more sizes")]
    [InlineData("train --hidden 100 --hidden 200", "--hidden is given 2 times; give it once.")]
    [InlineData("train --epochs 1 --epochs 2", "Option '--epochs' expects a single argument but 2 were provided.")]
    [InlineData("train --density 1e-300 --epochs 1 --train-samples 64 --test-samples 32", "no edge; raise --density above 2.55E-06")]
    [InlineData("train --pattern RegularRotating --hidden 16 --density 0.001 --epochs 1 --train-samples 64 --test-samples 32", "no edge; raise --density above 0.0312")]
    [InlineData("train --train-samples 8001 --epochs 1", "8001 training samples were asked for, but the training split of")]
    [InlineData("train --test-samples 1001 --epochs 1", "1001 test samples were asked for, but the test split of")]
    [InlineData("explore --compare-seeds 1", "--compare-seeds must be 0")]
    [InlineData("explore --compare-seeds 1000000", "--compare-seeds must be 0 (off) or from 2 to 1000, was 1000000.")]
    [InlineData("explore --units 0", "--units must be at least 1")]
    [InlineData("sweep merge /no/such/grid.json", "grid file /no/such/grid.json does not exist")]
    [InlineData("sweep point /no/such/grid.json", "--index")]
    [InlineData("sweep submit /no/such/grid.json", "submit needs --slurm")]
    [InlineData("frobnicate", "frobnicate")]
    public void A_bad_value_is_one_line_on_stderr_with_exit_code_2(string args, string expected)
    {
        var (code, output, error) = Cli.Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.Equal(string.Empty, output);
    }

    [Theory]
    [InlineData("--density 1e-300", "no edge; raise --density above 2.55E-06")]
    [InlineData("--hidden 100000000 --density 0.001", "a batch's activations of 32 x 100,000,000")]
    [InlineData("--hidden 5000000 --density 1", "3,920,000,000 edges, more than a layer holds")]
    public void Train_refuses_a_network_it_cannot_build_before_the_data_loads(string args, string expected)
    {
        // Only the training images exist (a header and 2 images of 28 x 28): loading would fail with exit 1.
        string data = Directory.CreateDirectory(Path.Combine(Cli.TempFolder(), "data")).FullName;
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, .. new byte[2 * 784]]);
        var (code, output, error) = Cli.Run(["train", "--data", data, .. args.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void An_index_outside_the_grid_is_refused_before_any_work()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("outside"));
        var (code, _, error) = Cli.Run("sweep", "point", grid, "--index", "4", "--out", Path.Combine(folder, "out"));
        Assert.Equal(2, code);
        Assert.Contains("--index 4 is outside the grid's points 0 .. 3", error);
    }

    [Fact]
    public void Train_prints_a_json_summary_and_a_seed_reproduces_it()
    {
        string folder = Cli.TempFolder();
        string[] args = ["train", "--train-samples", "1000", "--test-samples", "200", "--epochs", "3", "--hidden", "64", "--density", "0.2", "--seed", "7", "--json"];
        var (code, output, error) = Cli.Run([.. args, "--history", Path.Combine(folder, "history.csv")]);
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        JsonElement r = json.RootElement;
        Assert.Equal(1000, r.GetProperty("train_samples").GetInt32());
        Assert.Equal(3, r.GetProperty("epochs").GetInt32());
        Assert.Equal((long)Math.Round(0.2 * 784 * 64) + 64 + (64 * 10) + 10, r.GetProperty("parameters").GetInt64());
        Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0.5, 1.0); // chance is 0.1
        Assert.Equal(4, File.ReadAllLines(Path.Combine(folder, "history.csv")).Length);

        var again = Cli.Run(args);
        Assert.Equal(r.GetProperty("test_accuracy").GetDouble(), JsonDocument.Parse(again.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public void Explore_prints_the_metrics_and_writes_the_exports()
    {
        string folder = Cli.TempFolder();
        string svg = Path.Combine(folder, "t.svg"), mtx = Path.Combine(folder, "t.mtx");
        var (code, output, error) = Cli.Run("explore", "--pattern", "Uniform", "--inputs", "40", "--units", "20", "--density", "0.25", "--json", "--svg", svg, "--mtx", mtx);
        Assert.True(code == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.Equal(200, json.RootElement.GetProperty("edges").GetInt32());
        Assert.Equal(10, json.RootElement.GetProperty("fan_in_min").GetInt32());
        Assert.True(json.RootElement.GetProperty("algebraic_connectivity").GetDouble() > 0);
        Assert.True(File.Exists(svg));
        Assert.Contains("200", File.ReadLines(mtx).First(l => !l.StartsWith('%')));
    }
}

public sealed class HelpTests
{
    [Theory]
    [InlineData("train")]
    [InlineData("explore")]
    public void Help_fits_in_200_columns_and_names_the_test_files_both_ways(string command)
    {
        var (code, output, _) = Cli.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= 200, $"{line.Length} characters: {line}"));
        Assert.Contains("<pattern>", output);
        if (command == "train")
        {
            Assert.Contains("t10k-*", output);
        }
    }
}
