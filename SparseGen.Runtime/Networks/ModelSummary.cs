using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SparseGen.Kernels;

namespace SparseGen;

/// <summary>
/// A model's summary, as Keras's <c>model.summary()</c>: one row per layer with its shape, connectivity pattern,
/// real density, edges, parameters, activation and kernel strategy, then the totals and the dense equivalent.
/// </summary>
public static class ModelSummary
{
    /// <summary>The summary of <paramref name="model"/> as text, lines ended by <see cref="Environment.NewLine"/>.</summary>
    /// <example><code>
    /// var model = new Mnist784();
    /// Console.Write(model.Summary());
    /// </code></example>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public static string Summary(this ISparseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var text = new StringWriter(CultureInfo.InvariantCulture);
        Summary(model, text);
        return text.ToString();
    }

    /// <summary>Writes the summary of <paramref name="model"/> to <paramref name="writer"/> (for example <see cref="Console.Out"/>).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Summary(this ISparseModel model, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        CultureInfo c = CultureInfo.InvariantCulture;
        string[] header = ["layer", "shape", "pattern", "density", "edges", "parameters", "activation", "strategy"];
        var rows = new List<string[]>();
        long edges = 0, parameters = 0, denseParameters = 0;
        foreach (ISparseLayer layer in model.Layers)
        {
            long full = (long)layer.Inputs * layer.Units;
            long layerParameters = (long)layer.EdgeCount + layer.Units;
            edges += layer.EdgeCount;
            parameters += layerParameters;
            denseParameters += full + layer.Units;
            string activation = layer.Dropout > 0 ? $"{layer.Activation}, dropout {layer.Dropout.ToString("0.###", c)}" : layer.Activation.ToString();
            rows.Add(
            [
                layer.Name,
                $"{layer.Inputs.ToString(c)} -> {layer.Units.ToString(c)}",
                layer.Pattern.ToString(),
                full == 0 ? "-" : ((double)layer.EdgeCount / full).ToString("0.0000", c),
                layer.EdgeCount.ToString("N0", c),
                layerParameters.ToString("N0", c),
                activation,
                Strategy(layer.Kernel),
            ]);
        }

        string[] total = ["total", $"{model.InputCount.ToString(c)} -> {model.OutputCount.ToString(c)}", "", "", edges.ToString("N0", c), parameters.ToString("N0", c), "", ""];
        int[] widths = new int[header.Length];
        foreach (string[] row in rows.Append(header).Append(total))
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        bool[] right = [false, false, false, true, true, true, false, false];
        string Line(string[] row)
        {
            var line = new StringBuilder();
            for (int i = 0; i < row.Length; i++)
            {
                line.Append(i == 0 ? "" : "  ").Append(right[i] ? row[i].PadLeft(widths[i]) : row[i].PadRight(widths[i]));
            }

            return line.ToString().TrimEnd();
        }

        string rule = new('-', widths.Sum() + (2 * (widths.Length - 1)));
        writer.WriteLine($"Model: {model.GetType().Name}, {model.Layers.Count.ToString(c)} layers, {model.InputCount.ToString(c)} inputs, {model.OutputCount.ToString(c)} outputs");
        writer.WriteLine(rule);
        writer.WriteLine(Line(header));
        writer.WriteLine(rule);
        foreach (string[] row in rows)
        {
            writer.WriteLine(Line(row));
        }

        writer.WriteLine(rule);
        writer.WriteLine(Line(total));
        double share = denseParameters == 0 ? 0 : (double)parameters / denseParameters;
        writer.WriteLine($"Parameters: {parameters.ToString("N0", c)} trainable ({edges.ToString("N0", c)} weights, {(parameters - edges).ToString("N0", c)} biases); "
            + $"the dense network of the same shape has {denseParameters.ToString("N0", c)} ({share.ToString("P2", c)} of it here).");
    }

    private static string Strategy(ILayerKernel kernel)
    {
        if (kernel.Strategy is { } strategy)
        {
            return $"generated {strategy}";
        }

        string name = kernel.GetType().Name;
        return name.EndsWith("LayerKernel", StringComparison.Ordinal) ? $"generic {name[..^"LayerKernel".Length]}" : $"generic {name}";
    }
}
