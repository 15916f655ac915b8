using System.Text;
using SparseGen.Core.Device;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits a layer's device kernels from its plan: one OpenCL C / CUDA C text with the layer's sizes and topology
/// baked in, k-major ELL tables for seeded patterns and topology files, only the shifts for rotating ones, nothing
/// for dense layers; or, for a layer whose padded ELL tables exceed a device's constant memory
/// (<see cref="Limits.MaxDeviceTableEntries"/>), the runtime's generic ELL kernels over tables in buffers.
/// </summary>
internal static class DeviceEmitter
{
    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        if (plan.Rotation is null && plan.Ell is null && plan.Layer.Strategy != CodegenStrategy.Dense)
        {
            w.Line("""

                /// <inheritdoc />
                /// <remarks>The runtime's generic ELL kernels, reading this layer's tables from device buffers: padded to its largest fan-in and fan-out, they hold more than the 64 KiB of constant memory every device has.</remarks>
                public global::SparseGen.Kernels.DeviceLayerSource DeviceSource => TopologyTables.Value.DeviceSource;
                """);
            return;
        }

        var text = new StringBuilder(DeviceSources.Prelude);
        text.Append("#define SG_LAYER_PARAMS\n")
            .Append("#define IN ").Append(Literals.Int(plan.Layer.Inputs)).Append('\n')
            .Append("#define OUT ").Append(Literals.Int(plan.Layer.Units)).Append('\n');
        string layout = "Ell";
        if (plan.Rotation is { } rotation)
        {
            text.Append("#define DEGREE ").Append(Literals.Int(rotation.Degree)).Append('\n');
            Table(text, "SHIFT", rotation.Shifts);
            text.Append(DeviceSources.RotatingBody);
            layout = "KernelOrder";
        }
        else if (plan.Ell is { } ell)
        {
            text.Append("#define WIDTH ").Append(Literals.Int(ell.Width)).Append('\n')
                .Append("#define TWIDTH ").Append(Literals.Int(ell.InputWidth)).Append('\n');
            Table(text, "IDX", ell.SlotInputs);
            Table(text, "TSLOT", ell.InputSlots);
            text.Append(DeviceSources.EllBody);
        }
        else
        {
            text.Append(DeviceSources.DenseBody);
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

    /// <summary>A program-scope constant table.</summary>
    private static void Table(StringBuilder text, string name, EquatableArray<int> values) =>
        Literals.AppendIntRows(text.Append("SG_TABLE int ").Append(name).Append('[').Append(Literals.Int(values.Count)).Append("] = {\n"), values).Append("};\n");
}
