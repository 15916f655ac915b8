using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SparseGen.Examples.Set;

/// <summary>
/// A run to continue (<c>--resume</c>): a checkpoint this example saved with <c>--save</c>, whose metadata were checked
/// against the command line before the data loads. The network, the optimizer's state and the evolution's position
/// come from the file; the run's variant, optimizer and evolution options must be the ones it was saved with.
/// </summary>
/// <param name="Path">The checkpoint.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="EpochsTrained">Epochs the saved run had trained (over all its resumptions).</param>
/// <param name="Hidden">The hidden layers' units, as saved (neuron pruning may have removed some).</param>
/// <param name="Epsilon">The Erdős–Rényi ε the run started from; null for a dense run.</param>
internal sealed record Resumption(string Path, IReadOnlyDictionary<string, string> Metadata, int EpochsTrained, int[] Hidden, double? Epsilon)
{
    /// <summary>The metadata keys this example adds to a checkpoint besides the evolution's.</summary>
    public const string VariantKey = "variant", EpochsKey = "epochs_trained", EpsilonKey = "epsilon";

    /// <summary>The command-line option behind each evolution option a checkpoint records.</summary>
    private static readonly Dictionary<string, string> Options = new()
    {
        ["evolution.method"] = "--npset (or not)",
        ["evolution.zeta"] = "--zeta",
        ["evolution.seed"] = "--seed",
        ["evolution.evolve_output_layer"] = "--evolve-output (or not)",
        ["evolution.regrowth"] = "--regrowth",
        ["evolution.pruning.rule"] = "--pruning",
        ["evolution.pruning.beta"] = "--beta",
        ["evolution.pruning.gamma"] = "--gamma",
        ["evolution.pruning.period"] = "--importance-period",
        ["evolution.pruning.alpha"] = "--alpha",
        ["evolution.pruning.percentile"] = "--percentile",
    };

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> and checks it against the run's options: saved by this example,
    /// of the same <paramref name="variant"/>, optimizer, input count and evolution options; then
    /// <paramref name="evolution"/> takes the saved position (<see cref="SparseEvolution.Restore"/>).
    /// </summary>
    /// <returns>Why the run cannot resume from it, as one line, or null.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid SparseGen checkpoint; the message names it.</exception>
    public static string? Check(string path, string variant, Optimizer optimizer, SparseEvolution? evolution, int features, out Resumption? resumption)
    {
        resumption = null;
        IReadOnlyDictionary<string, string> meta = Checkpoint.ReadMetadata(path);
        // Checkpoints of earlier versions of the example record the epochs only in the evolution's position.
        if (!meta.TryGetValue(VariantKey, out string? recorded)
            || !(meta.TryGetValue(EpochsKey, out string? epochs) || meta.TryGetValue("evolution.epochs_trained", out epochs)))
        {
            return $"--resume: {path} was not saved by this example's --save (its metadata has no '{VariantKey}' and '{EpochsKey}').";
        }

        if (!int.TryParse(epochs, NumberStyles.None, CultureInfo.InvariantCulture, out int epochsTrained))
        {
            return $"--resume: {path} records '{EpochsKey}' = '{epochs}', not a count of epochs.";
        }

        if (recorded != variant)
        {
            string flag = recorded == "set" ? "none of --static, --dense and --npset" : $"--{recorded}";
            return $"--resume: {path} holds a {recorded} run, not {variant}; give {flag}.";
        }

        string savedOptimizer = meta.GetValueOrDefault("optimizer", "none");
        if (savedOptimizer != optimizer.Name)
        {
            return $"--resume: {path} was trained with optimizer {savedOptimizer}, this run would use {optimizer.Name}; give --optimizer {(savedOptimizer == nameof(Sgd) ? "momentum" : "adam")}.";
        }

        int inputs = int.Parse(meta["model.inputs"], CultureInfo.InvariantCulture);
        if (inputs != features)
        {
            return $"--resume: {path} takes {inputs} inputs, but the data has {features} features; give the --data it was trained on.";
        }

        if (evolution is not null)
        {
            foreach ((string key, string mine) in evolution.GetMetadata())
            {
                if (Options.TryGetValue(key, out string? option) && meta.TryGetValue(key, out string? saved) && saved != mine)
                {
                    return $"--resume: {path} records {key} = {saved}, this run has {mine}; give {option} as the run was saved with.";
                }
            }

            evolution.Restore(meta);
        }

        string[] layers = meta["model.layers"].Split(',');
        int[] hidden = [.. layers.SkipLast(1).Select(l => int.Parse(meta[$"{l}.units"], CultureInfo.InvariantCulture))];
        double? epsilon = meta.TryGetValue(EpsilonKey, out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
        resumption = new Resumption(path, meta, epochsTrained, hidden, epsilon);
        return null;
    }
}
