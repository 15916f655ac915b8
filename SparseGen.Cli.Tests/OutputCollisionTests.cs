namespace SparseGen.Cli.Tests;

/// <summary>Two outputs naming one file, and names no file system takes, are refused before training (issue 25).</summary>
public sealed class OutputCollisionTests
{
    private static readonly string[] Tiny = ["train", "--train-samples", "300", "--test-samples", "200", "--epochs", "1", "--hidden", "32", "--density", "0.2"];

    [Theory]
    [InlineData("--save", "--history")]
    [InlineData("--save", "--plot")]
    [InlineData("--plot", "--history")]
    public void Train_refuses_two_outputs_naming_one_file(string first, string second)
    {
        string path = Path.Combine(Cli.TempFolder(), "same.out");

        var (code, output, error) = Cli.Run([.. Tiny, first, path, second, path]);

        AssertRefusedBeforeTraining(code, output, error, $"{first} and {second} both name");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Train_refuses_an_output_reaching_another_through_a_symbolic_link()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "real"));
        Directory.CreateSymbolicLink(Path.Combine(folder, "alias"), "real");
        File.CreateSymbolicLink(Path.Combine(folder, "real", "latest.csv"), "model.safetensors");

        var (code, output, error) = Cli.Run([.. Tiny, "--save", Path.Combine(folder, "real", "model.safetensors"), "--history", Path.Combine(folder, "alias", "latest.csv")]);

        AssertRefusedBeforeTraining(code, output, error, "--save and --history both name");
    }

    [Fact]
    public void Train_refuses_a_name_longer_than_a_file_system_takes_before_training()
    {
        string path = Path.Combine(Cli.TempFolder(), new string('h', 300) + ".csv");

        var (code, output, error) = Cli.Run([.. Tiny, "--history", path]);

        AssertRefusedBeforeTraining(code, output, error, "is 304 bytes long; a file system takes at most 255");
    }

    [Fact]
    public void Explore_refuses_its_two_exports_in_one_file()
    {
        string path = Path.Combine(Cli.TempFolder(), "x");

        var (code, _, error) = Cli.Run("explore", "--pattern", "Uniform", "--inputs", "40", "--units", "20", "--density", "0.25", "--mtx", path, "--svg", path);

        Assert.Equal(2, code);
        Assert.Contains("--mtx and --svg both name", error);
        Assert.False(File.Exists(path));
    }

    private static void AssertRefusedBeforeTraining(int code, string output, string error, string message)
    {
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("test accuracy", output);
    }
}
