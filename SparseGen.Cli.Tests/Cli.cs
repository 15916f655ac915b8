using SparseGen.Cli;

namespace SparseGen.Cli.Tests;

/// <summary>Runs sparsegen in this process and captures what it prints; a temporary folder per test.</summary>
internal static class Cli
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SparseGenCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The shipped MNIST subset, copied beside the tool.</summary>
    public static string Mnist => Experiment.DefaultData;

    /// <summary>A new empty folder under the system's temporary folder.</summary>
    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "sparsegen-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes a grid file into <paramref name="folder"/> and returns its path.</summary>
    public static string Grid(string folder, string json, string name = "grid.json")
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A 4-point grid of tiny runs (300 training and 200 test images of the MNIST subset, 1 epoch).</summary>
    public static string TinyGrid(string name, string datasets = """[{ "name": "mnist", "train_samples": 300, "test_samples": 200 }]""") => $$"""
        {
          "name": "{{name}}",
          "datasets": {{datasets}},
          "hidden": [[32]],
          "patterns": ["Uniform"],
          "densities": [0.1, 0.5],
          "seeds": [1, 2],
          "topology_seeds": ["per-run"],
          "epochs": 1,
          "slurm": { "time": "00:05:00", "mem": "1G" }
        }
        """;

    /// <summary>A 4-point grid whose points each train 300 epochs of 2,000 images: long enough to be interrupted.</summary>
    public static string LongGrid(string folder, string name) =>
        Cli.Grid(folder, Cli.TinyGrid(name).Replace("\"train_samples\": 300", "\"train_samples\": 2000").Replace("\"epochs\": 1", "\"epochs\": 300").Replace("\"hidden\": [[32]]", "\"hidden\": [[1000]]"));
}
