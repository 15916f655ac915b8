using System.Collections.Generic;
using System.IO;
using System.Linq;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Checks every point's network before any point runs (<see cref="Experiment.NetworkProblem(int, int?)"/>): a hidden
/// layer with no edge, one over <see cref="Topology.MaxEdgeCount"/>, or a batch of activations over an array's length.
/// Each data set's features come from its training images' header alone, read once per data set.
/// </summary>
internal static class NetworkCheck
{
    /// <summary>
    /// The points whose networks cannot be built, each with why, in index order. A data set whose images cannot be read
    /// is not checked here: its points fail when they run, with the reader's message.
    /// </summary>
    public static List<(SweepPoint Point, string Why)> Problems(Grid grid)
    {
        var features = new Dictionary<string, int?>();
        var problems = new List<(SweepPoint, string)>();
        foreach (SweepPoint point in grid.Points)
        {
            Experiment experiment = point.ToExperiment();
            if (!features.TryGetValue(experiment.Data, out int? inputs))
            {
                inputs = features[experiment.Data] = Features(experiment.Data);
            }

            if (inputs is int n && experiment.NetworkProblem(n) is { } why)
            {
                problems.Add((point, why));
            }
        }

        return problems;
    }

    /// <summary>Refuses the grid when a point's network cannot be built: one line naming the first such point and how many there are.</summary>
    /// <exception cref="UsageException">A point's network cannot be built.</exception>
    public static void Require(Grid grid)
    {
        var problems = Problems(grid);
        if (problems.Count > 0)
        {
            var (point, why) = problems[0];
            string more = problems.Count > 1 ? $" ({problems.Count - 1} more points too; sweep plan lists them)" : string.Empty;
            throw new UsageException($"{grid.Name}: point {point.Index} ({LocalRunner.Describe(point)}) cannot be built: {why}{more}");
        }
    }

    private static int? Features(string data)
    {
        try
        {
            return IdxDataset.TrainFeatureCount(data);
        }
        catch (IOException)
        {
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
