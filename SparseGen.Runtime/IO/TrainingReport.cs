using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CsvHelper;

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
            foreach (string column in new[] { "epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds" })
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
                csv.NextRecord();
            }
        });
    }

    /// <summary>Writes an SVG with two panels, loss and accuracy against epoch, training solid and validation dashed.</summary>
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

        const int panelWidth = 420, panelHeight = 280, top = 56;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{(2 * panelWidth) + 60}" height="{panelHeight + top + 70}" font-family="sans-serif">""").Append('\n');
        svg.Append("""<rect width="100%" height="100%" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="30" y="26" font-size="16">{Escape(title)}</text>""").Append('\n');
        Panel(svg, 30, top, panelWidth, panelHeight, "loss", history.Select(h => h.TrainLoss).ToArray(), history.Select(h => h.ValidationLoss).ToArray());
        Panel(svg, 60 + panelWidth, top, panelWidth, panelHeight, "accuracy", history.Select(h => h.TrainAccuracy).ToArray(), history.Select(h => h.ValidationAccuracy).ToArray());
        int legendY = top + panelHeight + 52;
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="30" y1="{legendY}" x2="60" y2="{legendY}" stroke="#1f77b4" stroke-width="2"/><text x="66" y="{legendY + 4}" font-size="12">training</text>""").Append('\n');
        if (history.Any(h => h.ValidationLoss is not null))
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="150" y1="{legendY}" x2="180" y2="{legendY}" stroke="#d62728" stroke-width="2" stroke-dasharray="6 4"/><text x="186" y="{legendY + 4}" font-size="12">validation</text>""").Append('\n');
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static void Panel(StringBuilder svg, double x0, double y0, double width, double height, string name, double[] train, double?[] validation)
    {
        double[] all = train.Concat(validation.Where(v => v is not null).Select(v => v!.Value)).Where(double.IsFinite).ToArray();
        double low = all.Length == 0 ? 0 : all.Min(), high = all.Length == 0 ? 1 : all.Max();
        if (high - low < 1e-9)
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        double pad = (high - low) * 0.05;
        low -= pad;
        high += pad;
        int epochs = train.Length;
        double X(int epoch) => x0 + 40 + ((epochs == 1 ? 0.5 : (epoch - 1) / (double)(epochs - 1)) * (width - 50));
        double Y(double value) => y0 + height - ((value - low) / (high - low) * height);

        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x0 + 40}" y="{y0}" width="{width - 50}" height="{height}" fill="none" stroke="#999"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x0 + 40}" y="{y0 - 8}" font-size="13">{name}</text>""").Append('\n');
        (double[] ticks, string format) = NiceTicks(low, high);
        foreach (double value in ticks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{x0 + 40}" y1="{Y(value):0.#}" x2="{x0 + width - 10}" y2="{Y(value):0.#}" stroke="#eee"/><text x="{x0 + 36}" y="{Y(value) + 4:0.#}" font-size="10" text-anchor="end">{value.ToString(format, CultureInfo.InvariantCulture)}</text>""").Append('\n');
        }

        int step = Math.Max(1, (int)Math.Ceiling(epochs / 10.0));
        for (int e = 1; e <= epochs; e += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(e):0.#}" y="{y0 + height + 14}" font-size="10" text-anchor="middle">{e}</text>""").Append('\n');
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x0 + 40 + ((width - 50) / 2):0.#}" y="{y0 + height + 30}" font-size="11" text-anchor="middle">epoch</text>""").Append('\n');
        Line(svg, train.Select((v, k) => ((double?)v, k + 1)), X, Y, "#1f77b4", null);
        Line(svg, validation.Select((v, k) => (v, k + 1)), X, Y, "#d62728", "6 4");
    }

    private static void Line(StringBuilder svg, IEnumerable<(double? Value, int Epoch)> points, Func<int, double> x, Func<double, double> y, string color, string? dash)
    {
        string[] coordinates = points.Where(p => p.Value is { } v && double.IsFinite(v))
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{x(p.Epoch):0.##},{y(p.Value!.Value):0.##}")).ToArray();
        if (coordinates.Length == 0)
        {
            return;
        }

        string dashes = dash is null ? string.Empty : $" stroke-dasharray=\"{dash}\"";
        svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{color}" stroke-width="2"{dashes} points="{string.Join(' ', coordinates)}"/>""").Append('\n');
        foreach (string c in coordinates)
        {
            string[] xy = c.Split(',');
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{xy[0]}" cy="{xy[1]}" r="2.5" fill="{color}"/>""").Append('\n');
        }
    }

    /// <summary>
    /// Round tick values for an axis from <paramref name="low"/> to <paramref name="high"/>: multiples of a step of 1, 2,
    /// 2.5 or 5 times a power of ten, at most <paramref name="maxTicks"/> of them inside the range, with the number
    /// format that shows each exactly (0.3, 0.4, 0.5 rather than 0.295, 0.403, 0.511).
    /// </summary>
    internal static (double[] Ticks, string Format) NiceTicks(double low, double high, int maxTicks = 6)
    {
        double span = high - low;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return ([low], "G3");
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(span / maxTicks)));
        double step = magnitude * 10;
        foreach (double factor in (double[])[1, 2, 2.5, 5, 10])
        {
            if (Math.Floor(high / (magnitude * factor)) - Math.Ceiling(low / (magnitude * factor)) + 1 <= maxTicks)
            {
                step = magnitude * factor;
                break;
            }
        }

        var ticks = new List<double>();
        for (double k = Math.Ceiling(low / step); k * step <= high + (step * 1e-9); k++)
        {
            double tick = Math.Round(k * step / magnitude) * magnitude; // no 0.30000000000000004
            ticks.Add(tick == 0 ? 0 : tick);
        }

        double leading = Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9)) + (Math.Abs((step / leading) - 2.5) < 1e-9 ? 1 : 0);
        return (ticks.ToArray(), "F" + decimals.ToString(CultureInfo.InvariantCulture));
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
