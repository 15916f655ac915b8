using System.CommandLine;
using System.Threading;
using ILGPU.Runtime;

namespace SparseGen.Cli.Tests;

/// <summary>
/// The one runner of the tool's and the examples' command lines (issue 23): the examples now map failed work to exit
/// code 1 the way sparsegen does, each program in its own words.
/// </summary>
public sealed class ConventionsTests
{
    private static (int Code, string Output, string Error) Run(Conventions conventions, Func<int> action, string[] args, CancellationToken cancellationToken = default)
    {
        var epochs = ValueOptions.Integer("--epochs", "Epochs.", 1, 1, 10);
        var density = ValueOptions.Number("--density", "Density.", 0.5, 0, 1, minExclusive: true);
        var root = new RootCommand("test") { epochs, density };
        root.SetAction(_ => action());
        var output = new StringWriter();
        var error = new StringWriter();
        int code = conventions.Run(root, args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public static TheoryData<string, Exception, int, string> Thrown() => new()
    {
        { "examples", new UsageException("--x: bad\nvalue"), 2, "error: --x: bad value" },
        { "sparsegen", new UsageException("--x: bad\nvalue"), 2, "sparsegen: --x: bad value" },
        { "examples", new TrainingDivergedException(2, 7, "the loss"), 1, "error: " },
        { "sparsegen", new TrainingDivergedException(2, 7, "the loss"), 1, "sparsegen: error: " },
        { "examples", new DeviceCallFailed("cuLaunchKernel failed: out of resources"), 1, "error: cuLaunchKernel failed: out of resources" },
        { "examples", new InvalidDataException("train-images: truncated"), 1, "error: train-images: truncated" },
        { "sparsegen", new IOException("disk full"), 1, "sparsegen: error: disk full" },
        { "examples", new InvalidOperationException("a bug"), 1, "error: internal error: InvalidOperationException: a bug" },
        { "sparsegen", new InvalidOperationException("a bug"), 1, "sparsegen: internal error: InvalidOperationException: a bug" },
    };

    [Theory]
    [MemberData(nameof(Thrown))]
    public void What_the_work_throws_is_one_line_with_its_exit_code(string program, Exception thrown, int code, string line)
    {
        Conventions conventions = program == "examples" ? Conventions.Examples : Conventions.Sparsegen;
        var result = Run(conventions, () => throw thrown, []);

        Assert.Equal(code, result.Code);
        Assert.StartsWith(line, Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void The_examples_report_every_parse_error_and_sparsegen_the_first()
    {
        string[] args = ["--epochs", "abc", "--density", "0,1"];
        var examples = Run(Conventions.Examples, () => 0, args);
        var sparsegen = Run(Conventions.Sparsegen, () => 0, args);

        Assert.Equal((2, ""), (examples.Code, examples.Output));
        Assert.Equal(
            new[] { "error: --epochs: 'abc' is not an integer in [1, 10].", "error: --density: '0,1' is not a number in (0, 1], written with a decimal point (0.1)." },
            examples.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.Equal(2, sparsegen.Code);
        Assert.Equal("sparsegen: --epochs: 'abc' is not an integer in [1, 10].", Assert.Single(sparsegen.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
    }

    [Fact]
    public void A_cancelled_run_is_interrupted_with_exit_code_130()
    {
        using var cancel = new CancellationTokenSource();
        var result = Run(Conventions.Sparsegen, () =>
        {
            cancel.Cancel();
            cancel.Token.ThrowIfCancellationRequested();
            return 0;
        }, [], cancel.Token);

        Assert.Equal(ExitCodes.Interrupted, result.Code);
        Assert.Equal("sparsegen: interrupted; stopped after the current batch, nothing written.", result.Error.Trim());
    }

    [Fact]
    public void Fail_writes_one_line_after_the_prefix_of_its_exit_code()
    {
        var error = new StringWriter();
        Assert.Equal(2, Conventions.Sparsegen.Fail(error, "two\n  lines", ExitCodes.UsageError));
        Assert.Equal(1, Conventions.Sparsegen.Fail(error, "failed", ExitCodes.Failure));
        Assert.Equal(1, Conventions.Examples.Fail(error, "failed", ExitCodes.Failure));
        Assert.Equal(new[] { "sparsegen: two lines", "sparsegen: error: failed", "error: failed" }, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    /// <summary>A failed device call, as ILGPU's CUDA and OpenCL accelerators throw them.</summary>
    private sealed class DeviceCallFailed(string message) : AcceleratorException(message)
    {
        public override AcceleratorType AcceleratorType => AcceleratorType.Cuda;
    }
}
