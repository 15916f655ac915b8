using System.Text;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Emit;

/// <summary>
/// Emits a layer's device side for SparseGen.Ilgpu: the layer's sizes (and a rotating layer's shifts) as a struct of
/// constants, which ILGPU folds into the shared kernels it compiles for that struct, and <c>IIlgpuLayer.Load</c>,
/// which picks the kernels of the layer's strategy: computed indices for IndexFree, tiles for Dense, column-major
/// ELLPACK tables in device memory for the others.
/// </summary>
internal static class IlgpuEmitter
{
    /// <summary>The interface whose presence in the compilation turns the emitter on.</summary>
    public const string LayerInterface = "SparseGen.Ilgpu.IIlgpuLayer";

    public static void Emit(SourceWriter w, LayerPlan plan)
    {
        string shape, load, members;
        string sizes = $"""
                /// <inheritdoc />
                public int Inputs => {Literals.Int(plan.Layer.Inputs)};

                /// <inheritdoc />
                public int Units => {Literals.Int(plan.Layer.Units)};
            """;
        if (plan.Rotation is { } rotation)
        {
            shape = "IRotationShape";
            load = "loader.Rotating(default(IlgpuShape))";
            var shifts = new StringBuilder();
            for (int t = 0; t < rotation.Shifts.Count - 1; t++)
            {
                shifts.Append(Literals.Int(t)).Append(" => ").Append(Literals.Int(rotation.Shifts[t])).Append(", ");
            }

            shifts.Append("_ => ").Append(rotation.Shifts.Count == 0 ? "0" : Literals.Int(rotation.Shifts[rotation.Shifts.Count - 1]));
            members = $$"""

                /// <inheritdoc />
                public int Degree => {{Literals.Int(rotation.Degree)}};

                /// <inheritdoc />
                public int Shift(int t) => t switch { {{shifts}} };
            """;
        }
        else if (plan.Layer.Strategy == CodegenStrategy.Dense)
        {
            shape = "ILayerShape";
            load = "loader.Dense(this, default(IlgpuShape))";
            members = string.Empty;
        }
        else
        {
            shape = "IEllShape";
            load = "loader.Ell(this, default(IlgpuShape))";
            members = $"""

                /// <inheritdoc />
                public int Width => {Literals.Int(plan.Degrees.FanInMax)};

                /// <inheritdoc />
                public int InputWidth => {Literals.Int(plan.Degrees.FanOutMax)};
            """;
        }

        w.Line($$"""

            /// <inheritdoc />
            public global::SparseGen.Ilgpu.LayerProgram Load(global::SparseGen.Ilgpu.KernelLoader loader)
            {
                global::System.ArgumentNullException.ThrowIfNull(loader);
                return {{load}};
            }

            /// <summary>This layer's sizes as constants, which ILGPU folds into the kernels it compiles for them.</summary>
            public readonly struct IlgpuShape : global::SparseGen.Ilgpu.Kernels.{{shape}}
            {
            {{sizes}}{{members}}
            }
            """);
    }
}
