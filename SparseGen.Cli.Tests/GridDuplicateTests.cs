namespace SparseGen.Cli.Tests;

/// <summary>A grid that would run one point twice or merge two as one is refused at load, in one line with exit 2 (issue 25).</summary>
public sealed class GridDuplicateTests
{
    [Theory]
    [InlineData("\"densities\": [0.1, 0.5]", "\"densities\": [0.1, 0.10]", "densities holds 0.1 twice")]
    [InlineData("\"hidden\": [[32]]", "\"hidden\": [[32], [16], [32]]", "hidden holds [32] twice")]
    [InlineData("\"patterns\": [\"Uniform\"]", "\"patterns\": [\"Uniform\", \"Uniform\"]", "patterns holds Uniform twice")]
    [InlineData("\"seeds\": [1, 2]", "\"seeds\": [1, 2, 1]", "seeds holds 1 twice")]
    [InlineData("\"topology_seeds\": [\"per-run\"]", "\"topology_seeds\": [7, \"per-run\", 7]", "topology_seeds holds 7 twice")]
    [InlineData("\"topology_seeds\": [\"per-run\"]", "\"topology_seeds\": [\"per-run\", \"per-run\"]", "topology_seeds holds \"per-run\" twice")]
    [InlineData("\"train_samples\": 300", "\"train_samples\": 300, \"path\": \"other\" }, { \"name\": \"mnist\", \"train_samples\": 300", "datasets[].name holds mnist twice")]
    public void Repeated_values_and_data_set_names_are_refused_naming_grid_key_and_value(string from, string to, string message)
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("dups").Replace(from, to));
        var (code, output, error) = Cli.Run("sweep", "plan", grid);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sparsegen: {grid}: {message};", error);
    }

    [Theory]
    [InlineData("\"epochs\": 1", "\"epochs\": 1, \"epochs\": 2", "epochs")]
    [InlineData("\"mem\": \"1G\"", "\"mem\": \"1G\", \"mem\": \"2G\"", "mem")]
    [InlineData("\"train_samples\": 300", "\"train_samples\": 300, \"train_samples\": 30", "train_samples")]
    public void Repeated_keys_in_one_object_are_refused_naming_the_key(string from, string to, string key)
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("dupkeys").Replace(from, to));
        var (code, _, error) = Cli.Run("sweep", "plan", grid);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"sparsegen: {grid}: ", error);
        Assert.Contains($"'{key}'", error);
    }
}
