namespace SparseGen.Cli.Tests;

/// <summary>Nothing a grid or the command line holds can become a command of the sbatch script (docs/guarantees.md).</summary>
public sealed class BatchScriptTests
{
    private const string Injected = "touch /tmp/sparsegen-pwned";

    [Fact]
    public void An_out_path_with_a_newline_and_a_command_is_refused_and_no_script_runs_it()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("inject-out"));
        string @out = Path.Combine(folder, "out\n" + Injected + "\n#");
        var (code, output, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
        AssertRefused(code, error, "--out");
        AssertNoScriptRuns(folder);
    }

    [Fact]
    public void A_grid_path_with_a_newline_and_a_command_is_refused_and_no_script_runs_it()
    {
        string folder = Path.Combine(Cli.TempFolder(), "g\n" + Injected + "\n#");
        Directory.CreateDirectory(folder);
        string grid = Cli.Grid(folder, Cli.TinyGrid("inject-grid"));
        string @out = Path.Combine(Path.GetDirectoryName(folder)!, "out");
        var (code, _, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
        AssertRefused(code, error, "grid");
        AssertNoScriptRuns(Path.GetDirectoryName(folder)!);
    }

    [Theory]
    [InlineData("\"time\": \"00:05:00\\n\"")]
    [InlineData("\"time\": \"00:05:00\", \"extra\": [\"--account=lab\\ntouch\"]")]
    [InlineData("\"time\": \"00:05:00\", \"mem\": \"1G\\n\"")]
    [InlineData("\"time\": \"00:05:00\", \"partition\": \"a\\n\"")]
    [InlineData("\"time\": \"\\u0661\\u0660\"")]
    [InlineData("\"time\": \"00:05:00\", \"mem\": \"\\u0661G\"")]
    [InlineData("\"time\": \"00:05:00\", \"partition\": \"gpu\\u0661\"")]
    [InlineData("\"time\": \"00:05:00\", \"partition\": \"gpu\\u00e9\"")]
    [InlineData("\"time\": \"00:05:00\", \"extra\": [\"--account=lab\\u0001\"]")]
    [InlineData("\"time\": \"00:05:00\", \"extra\": [\"--account=l\\u00e4b\"]")]
    [InlineData("\"time\": \"00:05:00\", \"extra\": [\"--acc\\u0661unt=lab\"]")]
    public void A_slurm_field_with_a_line_break_or_non_ascii_digits_is_refused(string slurm)
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("inject-field").Replace("\"time\": \"00:05:00\", \"mem\": \"1G\"", slurm));
        var (code, _, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", Path.Combine(folder, "out"));
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        AssertNoScriptRuns(folder);
    }

    [Fact]
    public void Paths_with_quotes_spaces_dollars_and_percent_signs_are_quoted_and_escaped()
    {
        string folder = Path.Combine(Cli.TempFolder(), "a 'b' \"c\" $(d) `e` %j #f \\g");
        Directory.CreateDirectory(folder);
        string grid = Cli.Grid(folder, Cli.TinyGrid("quoted"));
        string @out = Path.Combine(folder, "out %a");
        var (code, _, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
        Assert.True(code == 0, error);
        string script = File.ReadAllText(Path.Combine(@out, "slurm", "quoted.sbatch"));
        string logs = Path.Combine(@out, "logs").Replace("%", "%%").Replace("\\", "\\\\").Replace("\"", "\\\"");
        Assert.Contains($"#SBATCH --output=\"{logs}/point-%a.log\"\n", script);
        Assert.Contains("'--out' '" + @out.Replace("'", "'\\''") + "'", script);
        Assert.Contains("# Grid: '" + grid.Replace("'", "'\\''") + "'\n", script);
        AssertNoScriptRuns(folder);
    }

    private static void AssertRefused(int code, string error, string what)
    {
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(what, error);
        Assert.Contains("line break", error);
    }

    /// <summary>No script under <paramref name="folder"/> has a line that is a command other than the exec line.</summary>
    private static void AssertNoScriptRuns(string folder)
    {
        foreach (string script in Directory.EnumerateFiles(folder, "*.sbatch", SearchOption.AllDirectories))
        {
            string[] lines = File.ReadAllText(script).Split('\n');
            Assert.All(lines, l => Assert.True(l.Length == 0 || l.StartsWith('#') || l == "set -euo pipefail" || l.StartsWith("exec '", StringComparison.Ordinal), $"{script} runs: {l}"));
            Assert.DoesNotContain(lines, l => l.StartsWith(Injected, StringComparison.Ordinal));
        }
    }
}
