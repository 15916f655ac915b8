namespace SparseGen.Cli.Tests;

/// <summary>A name from a grid file that becomes a file or folder name is one plain name, never a path (docs/guarantees.md).</summary>
public sealed class FileNameTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        string[] commands = ["plan", "run", "point", "submit", "merge"];
        (string Grid, string Dataset, string Field)[] names =
        [
            ("..", "mnist", "name"), (".", "mnist", "name"), ("ok", "../../escaped", "datasets[0].name"), ("ok", "a/b", "datasets[0].name"),
            ("ok", "a\\\\b", "datasets[0].name"), ("ok", "..", "datasets[0].name"), ("ok", "a\\u0001b", "datasets[0].name"), ("ok", "a\\nb", "datasets[0].name"),
            ("ok", new string('d', 101), "datasets[0].name"), ("ok", " ", "datasets[0].name"),
        ];
        foreach (string command in commands)
        {
            foreach (var (grid, dataset, field) in names)
            {
                data.Add(command, Cli.TinyGrid(grid, $$"""[{ "name": "{{dataset}}", "train_samples": 300, "test_samples": 200 }]"""), field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_grid_or_dataset_name_that_is_not_one_plain_file_name_is_refused_by_every_sweep_command(string command, string gridJson, string field)
    {
        string folder = Cli.TempFolder();
        string work = Path.Combine(folder, "work");
        Directory.CreateDirectory(work);
        string grid = Cli.Grid(work, gridJson);
        string[] args = command switch
        {
            "point" => ["sweep", command, grid, "--index", "0", "--out", Path.Combine(work, "out")],
            "submit" => ["sweep", command, grid, "--slurm", "--dry-run", "--out", Path.Combine(work, "out")],
            _ => ["sweep", command, grid, "--out", Path.Combine(work, "out")],
        };
        var (code, output, error) = Cli.Run(args);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(field, error);
        Assert.Equal(string.Empty, output);
        Assert.Equal(["grid.json"], Directory.GetFileSystemEntries(work).Select(Path.GetFileName));
    }

    [Fact]
    public void A_grid_named_dot_dot_with_no_out_does_not_write_into_the_current_folder()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid(".."));
        var (code, _, error) = Cli.Run("sweep", "merge", grid);
        Assert.Equal(2, code);
        Assert.Contains("name '..'", error);
    }
}
