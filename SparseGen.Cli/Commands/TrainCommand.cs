using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.CommandLine;
using SparseGen.IO;

namespace SparseGen.Cli.Commands;

/// <summary><c>sparsegen train</c>: one network of any pattern, density and sizes, trained as the MNIST example trains the USN paper's MLP.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder with train-* and test-* (or t10k-*) IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with sparsegen." };
        var trainSamples = ValueOptions.Positive("--train-samples", "Use only the first N training images (default: all).");
        var testSamples = ValueOptions.Positive("--test-samples", "Use only the first N test images (default: all).");
        var hidden = ValueOptions.Numbers<int>("--hidden", "Units of each hidden layer, e.g. --hidden 250 or --hidden 500 300.",
            units => units.Length == 0 || units.Any(u => u < 1) ? $"--hidden needs one or more sizes of at least 1, was '{string.Join(' ', units)}'." : null);
        hidden.DefaultValueFactory = _ => [250];
        var pattern = new Option<ConnectivityPattern>("--pattern") { Description = $"Connectivity of the hidden layers (the output layer is dense): {string.Join(", ", Enum.GetNames<ConnectivityPattern>())}.", HelpName = "pattern", DefaultValueFactory = _ => ConnectivityPattern.Uniform };
        var density = Options.Density("--density", "Density of the hidden layers in (0, 1]; Dense needs 1.", 0.1);
        var topologySeed = ValueOptions.Number<ulong>("--topology-seed", "Seed of the hidden layers' topologies (seeded patterns only).");
        topologySeed.DefaultValueFactory = _ => 42;
        var seed = ValueOptions.Number<ulong>("--seed", "Seed of weight initialisation, shuffling and dropout.");
        seed.DefaultValueFactory = _ => 1;
        var epochs = ValueOptions.Positive("--epochs", "Training epochs.", 10);
        var batch = ValueOptions.Positive("--batch-size", "Mini-batch size.", 32);
        var dropout = ValueOptions.Number<double>("--dropout", "Dropout rate of the hidden layers, in [0, 1).",
            d => d >= 0 && d < 1 ? null : $"--dropout must be in [0, 1), was {d.ToString(CultureInfo.InvariantCulture)}.");
        dropout.DefaultValueFactory = _ => 0.2;
        var optimizer = new Option<string>("--optimizer") { Description = "nadam, adam or sgd.", DefaultValueFactory = _ => "nadam" };
        optimizer.AcceptOnlyFromAmong(OptimizerSpec.Names);
        var rate = ValueOptions.Number<double>("--learning-rate", "Learning rate.");
        rate.DefaultValueFactory = _ => 1e-3;
        var momentum = ValueOptions.Number<double>("--momentum", "SGD momentum in [0, 1).");
        momentum.DefaultValueFactory = _ => 0;
        var nesterov = new Option<bool>("--nesterov") { Description = "SGD with Nesterov momentum." };
        var save = new Option<FileInfo>("--save") { Description = "Save the trained model as a safetensors checkpoint." };
        var plot = new Option<FileInfo>("--plot") { Description = "Write an SVG plot of training and test loss and accuracy per epoch." };
        var history = new Option<FileInfo>("--history") { Description = "Write the per-epoch history as CSV." };
        var threads = ValueOptions.Positive("--threads", $"CPU threads training uses (default: all {Environment.ProcessorCount} cores); the results do not depend on it.", Environment.ProcessorCount);
        var json = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
        var device = Devices.Option();

        var command = new Command("train", "Trains inputs -> hidden... -> classes (ReLU and dropout on the hidden layers, softmax output, categorical cross-entropy) on IDX images standardised with the training split's mean and std; the hidden layers of any pattern and density, built at run time.")
        {
            data, trainSamples, testSamples, hidden, pattern, density, topologySeed, seed, epochs, batch, dropout, optimizer, rate, momentum, nesterov, save, plot, history, threads, device, json,
        };
        command.SetAction((parse, cancellationToken) => System.Threading.Tasks.Task.FromResult(Train(parse, cancellationToken)));
        int Train(ParseResult parse, System.Threading.CancellationToken cancellationToken)
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            var spec = new OptimizerSpec(parse.GetValue(optimizer)!, parse.GetValue(rate), parse.GetValue(momentum), parse.GetValue(nesterov));
            spec.Validate("train");
            using SparseGen.Ilgpu.IlgpuBackend? accelerator = Devices.Open(parse.GetValue(device)!);
            var experiment = new Experiment(
                parse.GetValue(data)?.FullName ?? Experiment.DefaultData, ValueOptions.GivenOrNull(parse, trainSamples), ValueOptions.GivenOrNull(parse, testSamples),
                parse.GetValue(hidden)!, parse.GetValue(pattern), parse.GetValue(density), parse.GetValue(topologySeed), parse.GetValue(seed),
                parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(dropout), spec) { Threads = parse.GetValue(threads), Backend = accelerator };
            Options.CheckPattern(experiment.Pattern, experiment.Density, "--density");
            string? savePath = parse.GetValue(save)?.FullName, plotPath = parse.GetValue(plot)?.FullName, historyPath = parse.GetValue(history)?.FullName;
            Conventions.Sparsegen.RequireOutputs(("--save", savePath), ("--plot", plotPath), ("--history", historyPath));
            if (experiment.NetworkProblem() is { } problem)
            {
                throw new UsageException(problem); // Before the data loads: only the images' header was read.
            }

            // The description prints when training starts, after the data loaded and the network was built, so that a
            // network that cannot be built is one line with nothing before it.
            TrainingRun run = experiment.Run([new EpochLines(output, experiment.Epochs, $"{Describe(experiment)}; data {experiment.Data}")], cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {run.TestAccuracy:P2} after {run.History.Count} epochs; {run.Model.Network.ParameterCount:N0} parameters; training {run.TrainSeconds:F1} s ({run.SecondsPerEpoch:F2} s/epoch)"));
            var outputs = new OutputWriter(Conventions.Sparsegen, output, parse.InvocationConfiguration.Error);
            outputs.Write(savePath, "saved", path => Checkpoint.Save(run.Model, path, metadata: run.CheckpointMetadata(
                [new("hidden.density", experiment.Density.ToString("R", CultureInfo.InvariantCulture))])));
            outputs.Write(historyPath, "wrote", path => TrainingReport.WriteCsv(run.History, path));
            outputs.Write(plotPath, "wrote", path => TrainingReport.WritePlot(run.History, path, Describe(experiment)));
            if (outputs.ExitCode != ExitCodes.Success)
            {
                return outputs.ExitCode;
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(Sweep.SweepJson.Serialize(RunSummary.Of(experiment, run), Sweep.SweepJson.Compact));
            }

            return 0;
        }

        return command;
    }

    /// <summary>A one-line description of the network and its training.</summary>
    public static string Describe(Experiment e) => string.Create(CultureInfo.InvariantCulture,
        $"MLP with hidden layers {string.Join('-', e.Hidden)}, {e.Pattern} density {e.Density} (topology seed {e.TopologySeed}), seed {e.Seed}, {e.Optimizer.Name} {e.Optimizer.LearningRate}, batch {e.BatchSize}, {e.Epochs} epochs");

    /// <summary>Prints the run's description when training starts, then one line per epoch.</summary>
    private sealed class EpochLines(TextWriter output, int epochs, string description) : TrainingCallback
    {
        public override void OnTrainBegin(TrainingStart start) => output.WriteLine(description);

        public override void OnEpochEnd(EpochResult r, TrainingControl control) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch,3}/{epochs}  train loss {r.TrainLoss:F4}  train acc {r.TrainAccuracy:P2}  test loss {r.ValidationLoss:F4}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s"));
    }
}
