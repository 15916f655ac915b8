using System.Reflection;
using SparseGen;
using SparseGen.Tests.Data;

namespace SparseGen.Tests.Examples;

/// <summary>The console is swapped while an example runs, so these tests run alone.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>
/// The examples' command lines, run in this process through their entry points: a bad value is one line on
/// standard error naming the option, with exit code 2 and no stack trace, before any long work.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--epochs abc", "--epochs: 'abc' is not an integer in [1, 100000]")]
    [InlineData("--epochs 1e9", "--epochs: '1e9' is not an integer in [1, 100000]")]
    [InlineData("--epochs 0", "--epochs: '0' is not an integer in [1, 100000]")]
    [InlineData("--density abc", "--density: 'abc' is not a number in (0, 1]")]
    [InlineData("--density 0,1", "--density: '0,1' is not a number in (0, 1], written with a decimal point")]
    [InlineData("--density 0", "--density: '0' is not a number in (0, 1]")]
    [InlineData("--batch-size -3", "--batch-size: '-3' is not an integer in [1, 1000000]")]
    [InlineData("--seed -1", "--seed: '-1' is not an integer in [0, 18446744073709551615]")]
    [InlineData("--kernels fast", "--kernels: 'fast' is not one of generated, generic")]
    [InlineData("--epochs", "'--epochs'")]
    [InlineData("--save /nonexistent-folder/usn.safetensors", "--save: the folder '/nonexistent-folder' does not exist")]
    [InlineData("--history same.csv --plot same.csv", "--plot and --history both name 'same.csv'")]
    [InlineData("--data /nonexistent-folder", "--data: the folder '/nonexistent-folder' does not exist")]
    public void Mnist_answers_a_bad_value_with_one_line_and_exit_code_2(string args, string message) =>
        AssertUsageError(Run("Mnist", args.Split(' ')), message);

    [Fact]
    public void Mnist_refuses_a_density_whose_hidden_layer_has_no_edge_before_training()
    {
        string data = TinyMnist();
        AssertUsageError(Run("Mnist", "--data", data, "--density", "1e-9"), "--density: 1E-09 gives the 784 x 250 hidden layer round(density * 784 * 250) = 0 edges; raise it above 2.55E-06");

        // Before the data loads: with the test labels corrupt, loading would fail with exit code 1.
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), [1, 2, 3]);
        AssertUsageError(Run("Mnist", "--data", data, "--density", "1e-9"), "--density: 1E-09 gives the 784 x 250 hidden layer");
    }

    [Fact]
    public void Mnist_checks_the_output_folder_is_writable_before_loading_data()
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        AssertUsageError(Run("Mnist", "--save", Path.Combine(file, "usn.safetensors")), $"--save: the folder '{file}' does not exist");
        AssertUsageError(Run("Mnist", "--plot", _dir), $"--plot: '{_dir}' is a folder");
        AssertUsageError(Run("Mnist", "--history", Path.Combine(_dir, new string('h', 300))), "longer than the 255 bytes");
    }

    [Fact]
    public void Set_refuses_an_output_that_is_another_or_one_of_the_mtx_dir_files()
    {
        string data = TinyMnist();
        string mtx = Directory.CreateDirectory(Path.Combine(_dir, "mtx")).FullName;
        AssertUsageError(Run("Set", "--data", data, "--mtx-dir", mtx, "--history", Path.Combine(mtx, "Hidden1.mtx")), "--history and --mtx-dir both name");
        AssertUsageError(Run("Set", "--data", data, "--mtx-dir", Path.Combine(_dir, "new"), "--save", Path.Combine(_dir, "new")), "--save and --mtx-dir both name");
        if (!OperatingSystem.IsWindows())
        {
            string link = Path.Combine(_dir, "link.csv");
            File.CreateSymbolicLink(link, "set.safetensors");
            AssertUsageError(Run("Set", "--data", data, "--save", Path.Combine(_dir, "set.safetensors"), "--history", link), "--save and --history both name");
            AssertUsageError(Run("Mnist", "--data", data, "--save", Path.Combine(_dir, "set.safetensors"), "--plot", link), "--save and --plot both name");
        }
    }

    [Theory]
    [InlineData("Mnist")]
    [InlineData("Set")]
    public void Unreadable_data_is_one_line_and_exit_code_1_from_the_shared_runner(string example)
    {
        // The examples no longer catch it themselves: Conventions.Run maps it, as it does for sparsegen.
        string bad = Directory.CreateDirectory(Path.Combine(_dir, "bad")).FullName;
        foreach (string file in new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.WriteAllBytes(Path.Combine(bad, file), new byte[3]);
        }

        var (exitCode, output, error) = Run(example, "--data", bad);

        Assert.Equal((1, ""), (exitCode, output));
        Assert.StartsWith("error: ", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains(bad, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Inference_refuses_missing_and_malformed_checkpoints()
    {
        AssertUsageError(Run("Inference"), "'--model' is required");
        AssertUsageError(Run("Inference", "--model", Path.Combine(_dir, "none.safetensors")), "--model: the file");

        string bad = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(bad, new byte[5]);
        var (exitCode, output, error) = Run("Inference", "--model", bad, "--data", TinyMnist());
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Equal($"error: {bad}: the file has 5 bytes, fewer than the 8-byte header length.", error.TrimEnd());
    }

    [Theory]
    [InlineData("--density 0,1", "--density: '0,1' is not a number in [0, 1]")]
    [InlineData("--density 1e-9", "--density: 1E-09 gives the 784 x 250 layer 0 edges")]
    [InlineData("--pattern 5", "--pattern: '5' is not one of Dense, Uniform")]
    [InlineData("--pattern Dense --density 0.5", "--density: the Dense pattern connects every pair, so its density must be 1")]
    [InlineData("--inputs abc", "--inputs: 'abc' is not an integer in [1, 10000000]")]
    [InlineData("--units 0", "--units: '0' is not an integer in [1, 10000000]")]
    [InlineData("--compare-seeds -2", "--compare-seeds: '-2' is not an integer in [0, 100]")]
    [InlineData("--mtx /nonexistent-folder/t.mtx", "--mtx: the folder '/nonexistent-folder' does not exist")]
    public void Topology_answers_a_bad_value_with_one_line_and_exit_code_2(string args, string message) =>
        AssertUsageError(Run("Topology", args.Split(' ')), message);

    [Fact]
    public void Topology_runs_with_good_values_in_any_case_of_the_pattern_name()
    {
        string mtx = Path.Combine(_dir, "t.mtx");
        var (exitCode, output, error) = Run("Topology", "--pattern", "regularrotating", "--inputs", "8", "--units", "4", "--density", "0.5", "--spectral-limit", "0", "--json", "--mtx", mtx);

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Contains("\"edges\":16", output);
        Assert.Equal(16, SparseGen.IO.MatrixMarket.Read(mtx).EdgeCount);
    }

    [Theory]
    [InlineData("--epochs 0", "--epochs: '0' is not an integer in [1, 100000]")]
    [InlineData("--zeta 1.5", "--zeta: '1.5' is not a number in [0, 1]")]
    [InlineData("--epsilon 0", "--epsilon: '0' is not a number in (0, 1000000]")]
    [InlineData("--hidden 1000,x", "--hidden must list layer sizes of at least 1")]
    [InlineData("--static --npset", "--static, --dense and --npset exclude each other")]
    [InlineData("--alpha 0.1", "--pruning, --alpha, --beta, --gamma and --percentile apply only with --npset")]
    [InlineData("--npset --alpha 1", "--alpha must be below 1")]
    [InlineData("--npset --importance-period 10", "--importance-period applies only with --npset --pruning importance")]
    [InlineData("--slope 0.5", "--slope applies only with --activation all-relu")]
    [InlineData("--momentum 0.5", "--momentum applies only with --optimizer momentum")]
    [InlineData("--optimizer momentum --momentum 1", "--momentum must be below 1")]
    [InlineData("--activation elu", "--activation: 'elu' is not one of relu, all-relu")]
    [InlineData("--dense --zeta 0.2", "--zeta, --regrowth and --evolve-output apply only to evolving networks")]
    [InlineData("--regrowth random", "--regrowth: 'random' is not one of glorot-uniform, he-uniform, normal, zero")]
    [InlineData("--save /nonexistent-folder/set.safetensors", "--save: the folder '/nonexistent-folder' does not exist")]
    [InlineData("--data /nonexistent-folder", "--data: the folder '/nonexistent-folder' does not exist")]
    public void Set_answers_a_bad_value_with_one_line_and_exit_code_2(string args, string message) =>
        AssertUsageError(Run("Set", args.Split(' ')), message);

    [Theory]
    [InlineData("--epsilon 1e-9", "--epsilon 1E-09 gives hidden layer 1 (784 x 1000) round(epsilon (nin + nout)) = 0 edges")]
    [InlineData("--hidden 200000000", "hidden layer 1 (784 x 200000000) would have 4,000,015,680 edges, more than a layer holds (2,147,483,591)")]
    [InlineData("--hidden 2147483647", "hidden layer 1 (784 x 2147483647) would have")]
    [InlineData("--dense --hidden 3000000", "hidden layer 1 (784 x 3000000) would have 2,352,000,000 edges")]
    [InlineData("--hidden 100000000 --epsilon 1", "a batch's activations of 32 x 100,000,000")]
    [InlineData("--hidden 10 --hidden 20", "Option '--hidden' expects a single argument but 2 were provided.")]
    [InlineData("--train-samples 9000", "9000 training samples were asked for, but the training split of")]
    public void Set_refuses_a_network_it_cannot_build_before_the_data_loads(string args, string message)
    {
        // The test labels are corrupt: loading the data would fail (exit 1), so exit 2 with the size's message shows
        // the check came first.
        string data = TinyMnist();
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), [1, 2, 3]);
        AssertUsageError(Run("Set", ["--data", data, .. args.Split(' ')]), message);
    }

    [Fact]
    public void Learned_refuses_a_density_whose_hidden_layer_has_no_edge_before_the_data_loads()
    {
        string data = TinyMnist();
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), [1, 2, 3]);
        AssertUsageError(Run("Learned", "train", "--out", Path.Combine(_dir, "learned"), "--data", data, "--density", "1e-9"),
            "--density: 1E-09 gives the 784 x 250 hidden layer round(density * 784 * 250) = 0 edges; raise it above 2.55E-06");
    }

    [Fact]
    public void Set_checks_svg_against_the_image_header_before_the_data_loads()
    {
        string data = TinyMnist();
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte"), IdxReaderTests.Idx([2, 5, 7], new byte[2 * 35]));
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), [1, 2, 3]);
        AssertUsageError(Run("Set", "--data", data, "--svg", Path.Combine(_dir, "x.svg")), "--svg draws the inputs on a square grid, but the data has 35 features");
    }

    [Fact]
    public void Set_trains_evolves_and_prunes_a_small_network_and_reports_json()
    {
        string history = Path.Combine(_dir, "set.csv");
        var (exitCode, output, error) = Run("Set", "--data", TinyMnist(), "--hidden", "12,10", "--epsilon", "2", "--epochs", "3", "--npset",
            "--beta", "1", "--gamma", "1", "--alpha", "0.5", "--history", history, "--json");

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Contains("\"neurons\":[6,5]", output);
        Assert.Equal(4, File.ReadAllLines(history).Length);
    }

    [Fact]
    public void Set_resumes_a_saved_run_the_same_way_twice_and_refuses_options_that_differ_before_the_data_loads()
    {
        string data = TinyMnist(), first = Path.Combine(_dir, "first.safetensors");
        string[] network = ["--data", data, "--hidden", "12,10", "--epsilon", "2", "--dropout", "0.2"];
        Assert.Equal(0, Run("Set", [.. network, "--epochs", "2", "--save", first]).ExitCode);

        string[] resumed = new string[2];
        for (int k = 0; k < 2; k++)
        {
            resumed[k] = Path.Combine(_dir, $"resumed{k}.safetensors");
            var (exitCode, output, error) = Run("Set", "--data", data, "--resume", first, "--epochs", "1", "--save", resumed[k], "--json");
            Assert.Equal((0, ""), (exitCode, error));
            Assert.Contains($"resumed from {first} after 2 epochs", output);
            Assert.Contains("\"epochs\":1,\"epochs_trained\":3", output);
        }

        Assert.Equal(File.ReadAllBytes(resumed[0]), File.ReadAllBytes(resumed[1]));
        IReadOnlyDictionary<string, string> meta = Checkpoint.ReadMetadata(resumed[0]);
        Assert.Equal(("3", "3", "2", "0.2"), (meta["epochs_trained"], meta["evolution.epochs_trained"], meta["evolution.steps"], meta["Hidden1.dropout"]));

        // --dropout replaces the recorded rates; a checkpoint of an earlier example (no 'epochs_trained', no
        // 'L.dropout') resumes from the evolution's position.
        string older = Path.Combine(_dir, "older.safetensors"), again = Path.Combine(_dir, "again.safetensors");
        File.Copy(first, older);
        SparseGen.Tests.Training.CheckpointTests.Resign(older, (m, _) =>
        {
            m.Remove("epochs_trained");
            m.Remove("Hidden1.dropout");
            m.Remove("Hidden2.dropout");
        });
        var (code, text, _) = Run("Set", "--data", data, "--resume", older, "--epochs", "1", "--dropout", "0.1", "--save", again);
        Assert.Equal(0, code);
        Assert.Contains($"resumed from {older} after 2 epochs", text);
        Assert.Contains("Relu, dropout 0.1", text);
        Assert.Equal(("3", "0.1"), (Checkpoint.ReadMetadata(again)["epochs_trained"], Checkpoint.ReadMetadata(again)["Hidden2.dropout"]));

        // Corrupt test labels: exit 2 with the option's message shows each check came before loading.
        File.WriteAllBytes(Path.Combine(data, "t10k-labels-idx1-ubyte"), [1, 2, 3]);
        string[] resume = ["--data", data, "--resume", first];
        AssertUsageError(Run("Set", [.. resume, "--zeta", "0.5"]), $"--resume: {first} records evolution.zeta = 0.3, this run has 0.5; give --zeta as the run was saved with.");
        AssertUsageError(Run("Set", [.. resume, "--seed", "2"]), "records evolution.seed = 1, this run has 2; give --seed");
        AssertUsageError(Run("Set", [.. resume, "--static"]), "holds a set run, not static; give none of --static, --dense and --npset.");
        AssertUsageError(Run("Set", [.. resume, "--optimizer", "momentum"]), "was trained with optimizer Adam, this run would use Sgd; give --optimizer adam.");
        AssertUsageError(Run("Set", [.. resume, "--epsilon", "3"]), "--hidden, --epsilon, --init, --activation and --slope come from the checkpoint with --resume; drop them.");
        AssertUsageError(Run("Set", "--data", data, "--resume", Path.Combine(_dir, "none.safetensors")), "--resume: the file");
        string plain = Path.Combine(_dir, "plain.safetensors");
        Checkpoint.Save(SparseGen.Tests.Set.SetModels.Mlp(784, [12], 10), plain);
        AssertUsageError(Run("Set", "--data", data, "--resume", plain), "was not saved by this example's --save");
    }

    [Fact]
    public void Set_runs_the_truly_sparse_reference_recipe()
    {
        var (exitCode, output, error) = Run("Set", "--train-samples", "500", "--test-samples", "200", "--hidden", "50,50,50", "--epochs", "2",
            "--activation", "all-relu", "--optimizer", "momentum", "--lr", "0.01", "--batch-size", "128", "--dropout", "0.3", "--weight-decay", "0.0002",
            "--epsilon", "20", "--zeta", "0.3", "--init", "he-uniform", "--npset", "--pruning", "importance", "--percentile", "20", "--beta", "1", "--gamma", "5",
            "--importance-period", "2", "--json");

        Assert.Equal((0, ""), (exitCode, error));
        Assert.Contains("Hidden1: 784 -> 50", output);
        Assert.Contains("LeakyRelu (slope -0.6)", output);
        Assert.Contains("LeakyRelu (slope 0.6)", output);
        Assert.Contains("every 2 epochs", output);
    }

    private static void AssertUsageError((int ExitCode, string Output, string Error) result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on standard error, got:\n{result.Error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(message, lines[0]);
        Assert.Equal("", result.Output);
    }

    /// <summary>A folder with a two-image training split and a one-image test split, 28 x 28, as MNIST names them.</summary>
    private string TinyMnist()
    {
        string dir = Directory.CreateDirectory(Path.Combine(_dir, "mnist")).FullName;
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), IdxReaderTests.Idx([2, 28, 28], new byte[2 * 784]));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), IdxReaderTests.Idx([2], [0, 1]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), IdxReaderTests.Idx([1, 28, 28], new byte[784]));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), IdxReaderTests.Idx([1], [1]));
        return dir;
    }

    /// <summary>Runs example <paramref name="name"/>'s entry point with <paramref name="args"/>, capturing both streams.</summary>
    private static (int ExitCode, string Output, string Error) Run(string name, params string[] args)
    {
        // The example's build output sits where this assembly's does, relative to its own project folder.
        string root = Path.GetDirectoryName(Path.GetDirectoryName(TestData.MnistDirectory))!;
        string relative = Path.GetRelativePath(Path.Combine(root, "SparseGen.Tests"), AppContext.BaseDirectory);
        string assembly = Path.Combine(root, "examples", $"SparseGen.Examples.{name}", relative, $"SparseGen.Examples.{name}.dll");
        MethodInfo main = Assembly.LoadFrom(assembly).EntryPoint!;
        TextWriter output = Console.Out, error = Console.Error;
        var capturedOutput = new StringWriter();
        var capturedError = new StringWriter();
        try
        {
            Console.SetOut(capturedOutput);
            Console.SetError(capturedError);
            int exitCode = (int)main.Invoke(null, [args])!;
            return (exitCode, capturedOutput.ToString(), capturedError.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}
