using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CsvHelper;
using SparseGen.IO.Svg;

namespace SparseGen.IO;

/// <summary>A training history as a CSV table and as an SVG plot of loss and accuracy per epoch.</summary>
public static class TrainingReport
{
    /// <summary>
    /// Writes one row per epoch (<c>epoch, train_loss, train_accuracy, validation_loss, validation_accuracy,
    /// seconds</c>; validation cells empty without validation) to <paramref name="path"/> through a temporary file.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteCsv(IReadOnlyList<EpochResult> history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (string column in new[] { "epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds", "validation_seconds" })
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (EpochResult e in history)
            {
                csv.WriteField(e.Epoch);
                csv.WriteField(e.TrainLoss.ToString("R", CultureInfo.InvariantCulture));
                csv.WriteField(e.TrainAccuracy.ToString("R", CultureInfo.InvariantCulture));
                csv.WriteField(e.ValidationLoss?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(e.ValidationAccuracy?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(e.Seconds.ToString("R", CultureInfo.InvariantCulture));
                csv.WriteField(e.ValidationSeconds.ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        });
    }

    /// <summary>
    /// Writes an SVG of 866 x 426 pixels with two panels, loss and accuracy against epoch, training solid and
    /// validation dashed (when the history has validation), and a legend below. A value that is not finite (a
    /// diverged loss) is left out of its line.
    /// </summary>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WritePlot(IReadOnlyList<EpochResult> history, string path, string title) =>
        AtomicFile.WriteText(path, RenderPlot(history, title));

    /// <summary>Returns the SVG text of <see cref="WritePlot"/>.</summary>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static string RenderPlot(IReadOnlyList<EpochResult> history, string title)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            throw new ArgumentException("The history has no epoch to plot.", nameof(history));
        }

        const double frameWidth = 340, frameHeight = 280, top = 56, gap = 14;
        LinePlot loss = Panel("loss", history, h => h.TrainLoss, h => h.ValidationLoss);
        LinePlot accuracy = Panel("accuracy", history, h => h.TrainAccuracy, h => h.ValidationAccuracy);
        double left = LinePlot.LeftMargin, right = left + frameWidth + gap + LinePlot.LeftMargin;
        var svg = new SvgDocument(right + frameWidth + 20, top + frameHeight + LinePlot.BottomMargin + 32);
        svg.Text(left, 26, title, 16);
        loss.Draw(svg, left, top, frameWidth, frameHeight);
        accuracy.Draw(svg, right, top, frameWidth, frameHeight);
        loss.DrawLegend(svg, left, top + frameHeight + LinePlot.BottomMargin + 12, across: true);
        return svg.ToString();
    }

    /// <summary>One panel: training solid, and validation dashed where the history has it.</summary>
    private static LinePlot Panel(string name, IReadOnlyList<EpochResult> history, Func<EpochResult, double> train, Func<EpochResult, double?> validation)
    {
        var plot = new LinePlot { Title = name, XLabel = "epoch", YLabel = name, IntegerX = true };
        plot.Series.Add(new PlotSeries("training", history.Select(h => new PlotPoint(h.Epoch, train(h))).ToArray(), Style: 0));
        if (history.Any(h => validation(h) is not null))
        {
            plot.Series.Add(new PlotSeries("validation", history.Where(h => validation(h) is not null).Select(h => new PlotPoint(h.Epoch, validation(h)!.Value)).ToArray(), Style: 1, Dashed: true));
        }

        return plot;
    }
}
