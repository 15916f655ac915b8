using System.IO;

namespace SparseGen.Cli.Tests;

/// <summary><c>--device</c>: one way to choose where training runs, and an absent device is one line, exit 2, before any data loads.</summary>
public sealed class DeviceOptionTests
{
    [Fact]
    public void An_absent_gpu_is_one_line_and_exit_2_before_the_data_loads()
    {
        // The data folder does not exist: had the data loaded first, the error would name it.
        string missing = Path.Combine(Path.GetTempPath(), "sparsegen-no-such-data-" + System.Guid.NewGuid().ToString("N"));

        var (code, output, error) = Cli.Run("train", "--device", "cuda", "--data", missing, "--hidden", "16", "--epochs", "1");

        Assert.Equal(2, code);
        Assert.Empty(output);
        string line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("sparsegen: --device cuda: No CUDA device found", line);
        Assert.DoesNotContain(missing, line);
    }

    [Fact]
    public void An_unknown_device_names_the_choices()
    {
        var (code, _, error) = Cli.Run("train", "--device", "gpu", "--hidden", "16");

        Assert.Equal(2, code);
        Assert.Contains("cpu, ilgpu-cpu, cuda, opencl", error);
    }

    [Fact]
    public void Ilgpus_cpu_accelerator_trains_what_the_cpu_trains()
    {
        string[] run = ["train", "--hidden", "8", "--density", "0.2", "--epochs", "1", "--train-samples", "64", "--test-samples", "32", "--json"];

        var (cpuCode, cpu, _) = Cli.Run([.. run, "--device", "cpu"]);
        var (deviceCode, device, deviceError) = Cli.Run([.. run, "--device", "ilgpu-cpu"]);

        Assert.Equal(0, cpuCode);
        Assert.True(deviceCode == 0, deviceError);
        Assert.Equal(Accuracy(cpu), Accuracy(device));
    }

    private static double Accuracy(string output) =>
        System.Text.Json.JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement.GetProperty("test_accuracy").GetDouble();
}
