namespace SparseGen.Cli.Tests;

/// <summary>
/// The one writer of a run's outputs (issue 23): each output on its own, announced once written; a failed one is one
/// error line and the others are still written (before, only the MNIST example did this).
/// </summary>
public sealed class OutputWriterTests
{
    [Fact]
    public void A_failed_output_loses_none_of_the_others_and_the_run_fails()
    {
        string folder = Cli.TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();
        var outputs = new OutputWriter(Conventions.Sparsegen, output, error);

        outputs.Write(Path.Combine(folder, "a.txt"), "saved", path => File.WriteAllText(path, "a"));
        outputs.Write(Path.Combine(folder, "b.txt"), "wrote", _ => throw new IOException("Cannot write 'b.txt': disk full"));
        outputs.Write(null, "wrote", _ => throw new InvalidOperationException("not called for an output not asked for"));
        outputs.Write(Path.Combine(folder, "c.txt"), "wrote", path => File.WriteAllText(path, "c"));

        Assert.Equal(ExitCodes.Failure, outputs.ExitCode);
        Assert.Equal($"saved {Path.Combine(folder, "a.txt")}\nwrote {Path.Combine(folder, "c.txt")}\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.Equal("sparsegen: error: Cannot write 'b.txt': disk full", error.ToString().Trim());
        Assert.True(File.Exists(Path.Combine(folder, "c.txt")));
    }
}
