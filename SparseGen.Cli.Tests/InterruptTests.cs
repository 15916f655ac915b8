using System.Threading.Tasks;
using System.Diagnostics;

namespace SparseGen.Cli.Tests;

/// <summary>SIGINT stops the tool's work cleanly, with exit code 130 (docs/guarantees.md).</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Sigint_stops_train_after_the_current_batch_with_exit_code_130()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "sparsegen.dll"), "train", "--epochs", "300", "--train-samples", "2000", "--test-samples", "200", "--hidden", "32", "--threads", "1" })
        {
            start.ArgumentList.Add(a);
        }

        using Process tool = Process.Start(start)!;
        Task<string> error = tool.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (tool.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("epoch   2/300", StringComparison.Ordinal))
            {
                using Process kill = Process.Start("kill", ["-INT", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit();
            }
        }

        Assert.True(tool.WaitForExit(60_000), "the tool did not stop within 60 s of SIGINT");
        string errors = await error;
        Assert.True(tool.ExitCode == 130, $"exit {tool.ExitCode}: {errors}");
        Assert.InRange(lines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)), 2, 20);
        Assert.Contains("interrupted", errors);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
