using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CsvHelper;

namespace SparseGen.IO;

/// <summary>The per-epoch history of a run with adaptive sparse connectivity (<see cref="SparseEvolution"/>) as a CSV table.</summary>
public static class EvolutionReport
{
    private static readonly string[] Columns =
    [
        "epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds", "validation_seconds",
        "evolution_seconds", "edges_removed", "edges_added", "neurons_pruned", "edges_pruned", "units", "edges", "parameters",
    ];

    /// <summary>
    /// Writes one row per epoch of <paramref name="history"/> to <paramref name="path"/> (through a temporary file): the
    /// epoch's <see cref="EpochResult"/>, then what the evolution step after it did (the step whose
    /// <see cref="EvolutionStep.AfterEpoch"/> is the epoch's number; cells are empty after the last epoch, which does not
    /// evolve). Per-layer counts are summed over the layers; <c>units</c> and <c>edges</c> list each layer's, separated
    /// by spaces.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteCsv(IReadOnlyList<EpochResult> history, IReadOnlyList<EvolutionStep> steps, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(steps);
        Dictionary<int, EvolutionStep> byEpoch = steps.ToDictionary(s => s.AfterEpoch);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (string column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (EpochResult e in history)
            {
                csv.WriteField(e.Epoch);
                csv.WriteField(Number(e.TrainLoss));
                csv.WriteField(Number(e.TrainAccuracy));
                csv.WriteField(e.ValidationLoss is { } loss ? Number(loss) : string.Empty);
                csv.WriteField(e.ValidationAccuracy is { } accuracy ? Number(accuracy) : string.Empty);
                csv.WriteField(Number(e.Seconds));
                csv.WriteField(Number(e.ValidationSeconds));
                if (byEpoch.TryGetValue(e.Epoch, out EvolutionStep? s))
                {
                    csv.WriteField(Number(s.Seconds));
                    csv.WriteField(s.EdgesRemoved.Sum());
                    csv.WriteField(s.EdgesAdded.Sum());
                    csv.WriteField(s.NeuronsPruned.Sum());
                    csv.WriteField(s.EdgesPruned.Sum());
                    csv.WriteField(string.Join(' ', s.Units));
                    csv.WriteField(string.Join(' ', s.Edges));
                    csv.WriteField(s.Parameters);
                }
                else
                {
                    for (int c = 7; c < Columns.Length; c++)
                    {
                        csv.WriteField(string.Empty);
                    }
                }

                csv.NextRecord();
            }
        });
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
