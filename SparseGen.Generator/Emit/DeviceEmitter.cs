using System.Globalization;
using System.Text;
using SparseGen.Generator.Model;
using SparseGen.Core.Device;
using SparseGen.Core.Patterns;
using SparseGen.Core.Random;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits a layer's device kernels: one OpenCL C / CUDA C text with the layer's sizes and topology baked in,
/// k-major ELL tables for seeded patterns, only the shifts for rotating ones, nothing for dense layers.
/// </summary>
internal static class DeviceEmitter
{
    public static void Emit(SourceWriter w, LayerModel layer, Topology topology)
    {
        var text = new StringBuilder(DeviceSources.Prelude);
        text.Append("#define SG_LAYER_PARAMS\n")
            .Append("#define IN ").Append(Literals.Int(layer.Inputs)).Append('\n')
            .Append("#define OUT ").Append(Literals.Int(layer.Units)).Append('\n');
        string layout = "Ell";
        switch (layer.Strategy)
        {
            case CodegenStrategy.Computed:
                int degree = Topology.DegreeFor(layer.Units, layer.Density);
                int[] shifts = RotatingPatterns.Ones(layer.Pattern, layer.Units, degree, new Xoshiro256StarStar(layer.Seed));
                text.Append("#define DEGREE ").Append(Literals.Int(degree)).Append('\n');
                Table(text, "SHIFT", shifts);
                text.Append(DeviceSources.RotatingBody);
                layout = "KernelOrder";
                break;
            case CodegenStrategy.Dense:
                text.Append(DeviceSources.DenseBody);
                break;
            default:
                KMajorEll ell = KMajorEll.Of(topology);
                text.Append("#define WIDTH ").Append(Literals.Int(ell.Width)).Append('\n')
                    .Append("#define TWIDTH ").Append(Literals.Int(ell.InputWidth)).Append('\n');
                Table(text, "IDX", ell.SlotInputs);
                Table(text, "TSLOT", ell.InputSlots);
                text.Append(DeviceSources.EllBody);
                break;
        }

        w.Line($$""""

            /// <summary>
            /// This layer's device kernels as one UTF-8 text that builds as OpenCL C and as CUDA C: <c>forward</c>,
            /// <c>backward_input</c>, <c>weight_gradient</c> and <c>bias_gradient</c>, with the sizes and topology baked in.
            /// </summary>
            public static global::System.ReadOnlySpan<byte> DeviceKernelSource => """
            {{text.ToString().TrimEnd('\n')}}
            """u8;

            /// <inheritdoc />
            public global::SparseGen.Kernels.DeviceLayerSource DeviceSource => DeviceSourceHolder.Value;

            private static class DeviceSourceHolder
            {
                public static readonly global::SparseGen.Kernels.DeviceLayerSource Value = new(DeviceKernelSource, global::SparseGen.Kernels.DeviceWeightLayout.{{layout}});
            }
            """");
    }

    /// <summary>A program-scope constant table, 24 values a line.</summary>
    private static void Table(StringBuilder text, string name, int[] values)
    {
        text.Append("SG_TABLE int ").Append(name).Append('[').Append(Literals.Int(values.Length)).Append("] = {");
        for (int k = 0; k < values.Length; k++)
        {
            text.Append(k % 24 == 0 ? "\n    " : " ").Append(values[k].ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        text.Append("\n};\n");
    }
}
