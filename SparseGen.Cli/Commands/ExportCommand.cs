using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen.CommandLine;
using SparseGen.Onnx;

namespace SparseGen.Cli.Commands;

/// <summary><c>sparsegen export CHECKPOINT --onnx FILE</c>: a checkpoint as an ONNX model, rebuilt from the file alone.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "A SparseGen safetensors checkpoint (written by train --save, the examples' --save or Checkpoint.Save)." };
        var onnx = new Option<FileInfo>("--onnx") { Description = "The ONNX file to write (opset 13; input 'input' [N, inputs], output 'output' [N, outputs]).", Required = true };
        var sparse = new Option<bool>("--sparse-initializers") { Description = "Write sparse layers' weights as COO sparse initializers (a smaller file; ONNX Runtime densifies them when it loads the model)." };
        var command = new Command("export", "Writes a checkpoint's model as ONNX: each layer as MatMul by a dense [inputs, units] weight (zeros off the topology), Add bias and the activation; the checkpoint's preprocessing.mean and preprocessing.std, when present, as Sub and Div nodes in front, so the graph takes raw inputs.")
        {
            checkpoint, onnx, sparse,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            string checkpointPath = parse.GetValue(checkpoint)!.FullName;
            if (!File.Exists(checkpointPath))
            {
                throw new UsageException($"checkpoint {parse.GetValue(checkpoint)}: the file does not exist.");
            }

            string onnxPath = parse.GetValue(onnx)!.FullName;
            Conventions.Sparsegen.RequireOutputs(("--onnx", onnxPath));
            IReadOnlyDictionary<string, string> meta = Checkpoint.ReadMetadata(checkpointPath);
            GenericSparseModel model = Checkpoint.LoadModel(checkpointPath);
            InputStandardization? standardization = Standardization(checkpointPath, meta);
            OnnxExport.Save(model, onnxPath, new OnnxExportOptions { Standardization = standardization, SparseInitializers = parse.GetValue(sparse) });

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {onnxPath}: {model.InputCount} -> {string.Join(" -> ", model.Layers.Select(l => $"{l.Units} {l.Activation}"))}, {model.Layers.Sum(l => (long)l.EdgeCount):N0} weights"));
            output.WriteLine(standardization is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"input standardisation in the graph: (x - {s.Mean:R}) / {s.Std:R}; feed raw inputs")
                : "the checkpoint has no preprocessing.mean/std: the graph takes the inputs the model was trained on");
            return 0;
        });
        return command;
    }

    /// <summary>The checkpoint's input standardisation, or null when it records none.</summary>
    /// <exception cref="InvalidDataException">It records one of the two keys without the other.</exception>
    private static InputStandardization? Standardization(string path, IReadOnlyDictionary<string, string> meta)
    {
        bool hasMean = meta.TryGetValue("preprocessing.mean", out string? mean), hasStd = meta.TryGetValue("preprocessing.std", out string? std);
        if (hasMean != hasStd)
        {
            throw new InvalidDataException($"{path}: the checkpoint has {(hasMean ? "preprocessing.mean" : "preprocessing.std")} without {(hasMean ? "preprocessing.std" : "preprocessing.mean")}.");
        }

        return hasMean
            ? new InputStandardization(float.Parse(mean!, NumberStyles.Float, CultureInfo.InvariantCulture), float.Parse(std!, NumberStyles.Float, CultureInfo.InvariantCulture))
            : null;
    }
}
