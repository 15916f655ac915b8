using System;

namespace SparseGen;

/// <summary>Which hidden neurons <see cref="NeuronPruning"/> removes.</summary>
public enum NeuronPruningRule
{
    /// <summary>
    /// NPSET (Liu, Mocanu and Pechenizkiy 2019, section 3.1): the fraction alpha of each hidden layer's neurons with the
    /// fewest connections, counted on the outgoing side ("neurons with very few output connections"); ties go to the
    /// fewer incoming connections, then to the lower index.
    /// </summary>
    FewestConnections = 0,

    /// <summary>
    /// Importance pruning (the SET reference code's <c>importance_pruning</c>): the neurons whose summed absolute
    /// incoming weight is at or below a percentile of those sums in their layer (numpy's linear interpolation); one
    /// neuron always stays.
    /// </summary>
    Importance = 1,
}

/// <summary>
/// Neuron pruning during <see cref="SparseEvolution"/> (NPSET, Liu, Mocanu and Pechenizkiy 2019, section 3): after
/// <see cref="Beta"/> epochs, and then for <see cref="Gamma"/> epochs in all, each hidden layer loses neurons by
/// <see cref="Rule"/> before the next epoch, with every edge into and out of them; layers shrink (less compute, fewer
/// parameters) and the next layer's inputs shrink with them. The output layer's neurons stay. Build one with
/// <see cref="FewestConnections"/> or <see cref="Importance"/>.
/// </summary>
public sealed record NeuronPruning
{
    private NeuronPruning(NeuronPruningRule rule, double alpha, double percentile, int beta, int gamma, int period = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (beta < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta, the epochs trained before pruning starts, must be at least 1.");
        }

        if (gamma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Gamma, the number of epochs that prune, must be at least 0.");
        }

        Rule = rule;
        Alpha = alpha;
        Percentile = percentile;
        Beta = beta;
        Gamma = gamma;
        Period = period;
    }

    /// <summary>The rule.</summary>
    public NeuronPruningRule Rule { get; }

    /// <summary>For <see cref="NeuronPruningRule.FewestConnections"/>: the fraction of each hidden layer's neurons removed each pruning epoch, <c>round(alpha n)</c> (half to even).</summary>
    public double Alpha { get; }

    /// <summary>For <see cref="NeuronPruningRule.Importance"/>: the percentile, in [0, 100], at or below which a neuron's summed absolute incoming weight removes it.</summary>
    public double Percentile { get; }

    /// <summary>Epochs trained before the first pruning (the paper's beta, 10): pruning comes before epochs <c>beta + 1 .. beta + gamma</c>.</summary>
    public int Beta { get; }

    /// <summary>Number of epochs that prune (the paper's gamma, 40); SET goes on after them.</summary>
    public int Gamma { get; }

    /// <summary>
    /// Epochs between two prunings within the <see cref="Gamma"/> epochs, 1 (every epoch) by default: pruning comes after
    /// <c>beta, beta + period, beta + 2 period, ...</c> trained epochs, below <c>beta + gamma</c>.
    /// </summary>
    public int Period { get; }

    /// <summary>NPSET's rule with the paper's defaults (section 4: alpha = 0.04, beta = 10, gamma = 40).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is outside [0, 1), <paramref name="beta"/> below 1 or <paramref name="gamma"/> negative.</exception>
    public static NeuronPruning FewestConnections(double alpha = 0.04, int beta = 10, int gamma = 40)
    {
        if (!(alpha >= 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha, the fraction of neurons pruned per epoch, must be in [0, 1).");
        }

        return new NeuronPruning(NeuronPruningRule.FewestConnections, alpha, double.NaN, beta, gamma);
    }

    /// <summary>
    /// Importance pruning, by default on NPSET's schedule (every epoch). The truly sparse reference code (Curci, Mocanu
    /// and Pechenizkiy 2021, <c>weights_evolution_II</c>) prunes at the 20th percentile after 211, 221, 231, ... trained
    /// epochs, to the end: <c>Importance(20, beta: 211, gamma: int.MaxValue, period: 10)</c>. Pruned every epoch, a
    /// percentile near NPSET's alpha (4) removes about as much as NPSET.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentile"/> is outside [0, 100), <paramref name="beta"/> below 1,
    /// <paramref name="gamma"/> negative or <paramref name="period"/> below 1.</exception>
    public static NeuronPruning Importance(double percentile = 4, int beta = 10, int gamma = 40, int period = 1)
    {
        if (!(percentile >= 0 && percentile < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in [0, 100).");
        }

        return new NeuronPruning(NeuronPruningRule.Importance, double.NaN, percentile, beta, gamma, period);
    }

    /// <summary>Whether neurons are pruned before the epoch that follows <paramref name="epochsTrained"/> trained epochs.</summary>
    public bool PrunesAfter(int epochsTrained) =>
        epochsTrained >= Beta && epochsTrained - Beta < Gamma && (epochsTrained - Beta) % Period == 0;
}
