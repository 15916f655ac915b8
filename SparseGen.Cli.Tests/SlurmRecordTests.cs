using System.Threading.Tasks;
using SparseGen.Cli.Sweep;

namespace SparseGen.Cli.Tests;

/// <summary>Two submits one after the other never queue one point twice (docs/guarantees.md); sbatch and squeue faked.</summary>
public sealed class SlurmRecordTests
{
    [Fact]
    public async Task A_second_submit_leaves_out_the_points_an_earlier_job_still_has_queued_and_refuses_when_Slurm_cannot_be_asked()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await Task.Yield(); // the fake programs below are this test's alone (an AsyncLocal, restored when it returns)
        string folder = Cli.TempFolder();
        string fakes = Path.Combine(folder, "fakes");
        Directory.CreateDirectory(fakes);
        string sbatch = Fake(fakes, "sbatch", $$"""
            n=$(cat '{{fakes}}/count' 2>/dev/null || echo 1000); n=$((n+1)); echo $n > '{{fakes}}/count'
            cp "$2" '{{fakes}}/script-'$n; echo "$n;cluster"
            """);
        string squeue = Fake(fakes, "squeue", $$"""
            [ "$*" = "-h -r -j $4 -o %K" ] || { echo "unexpected arguments: $*" >&2; exit 9; }
            if [ -f '{{fakes}}/down' ]; then echo "slurm_load_jobs error: Unable to contact slurm controller (connect failure)" >&2; exit 1; fi
            if [ -f '{{fakes}}/queue-'$4 ]; then cat '{{fakes}}/queue-'$4; exit 0; fi
            echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1
            """);
        SlurmRecord.Programs.Value = (sbatch, squeue);
        string grid = Cli.Grid(folder, Cli.TinyGrid("queued"));
        string @out = Path.Combine(folder, "out");
        string Count() => File.ReadAllText(Path.Combine(fakes, "count")).Trim();

        var first = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(first.Code == 0, first.Error);
        Assert.Contains("submitted job 1001", first.Output);
        Assert.Contains("\"indices\": \"0-3\"", File.ReadAllText(Path.Combine(@out, "slurm", "submissions.json")));

        // The first job's four tasks still wait in the queue: nothing is submitted again.
        File.WriteAllText(Path.Combine(fakes, "queue-1001"), "0\n1\n2\n3\n");
        var second = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(second.Code == 0, second.Error);
        Assert.Contains("nothing to submit", second.Output);
        Assert.Equal("1001", Count());

        // Tasks 0 and 1 have left the queue without a result (failed, cancelled): only they are submitted again.
        File.WriteAllText(Path.Combine(fakes, "queue-1001"), "2\n3\n");
        var third = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(third.Code == 0, third.Error);
        Assert.Contains("submitted job 1002", third.Output);
        Assert.Contains("#SBATCH --array=0-1\n", File.ReadAllText(Path.Combine(fakes, "script-1002")));

        // Slurm cannot be asked: refused in one line naming the job and the way to override, nothing submitted.
        File.WriteAllText(Path.Combine(fakes, "down"), "");
        var refused = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.Equal(1, refused.Code);
        Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sparsegen: error: cannot ask Slurm whether job 1001", refused.Error);
        Assert.Contains("--resubmit", refused.Error);
        Assert.Equal("1002", Count());

        var forced = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out, "--resubmit");
        Assert.True(forced.Code == 0, forced.Error);
        Assert.Contains("submitted job 1003", forced.Output);
        Assert.Contains("#SBATCH --array=0-3\n", File.ReadAllText(Path.Combine(fakes, "script-1003")));
    }

    private static string Fake(string folder, string name, string body)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r", "") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
