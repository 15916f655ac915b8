using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using SparseGen.Ilgpu.Kernels;
using SparseGen.Kernels.Elementwise;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;
using Xunit;

namespace SparseGen.Tests.Ilgpu;

/// <summary>
/// Every kernel, for every generated layer shape of the test models and for the generic shape, compiles to PTX for
/// an sm_70 GPU: ILGPU's CUDA back end runs here without a GPU, so code the CPU accelerator accepts but a GPU would
/// not (an unsupported intrinsic, a managed call) fails in CI.
/// </summary>
public sealed class PtxTests
{
    public static TheoryData<string> Kernels() => new(AllKernels().Keys);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void The_kernel_compiles_to_ptx(string name)
    {
        (MethodInfo method, bool grouped) = AllKernels()[name];
        using Context context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(context, CudaArchitecture.SM_70, CudaInstructionSet.ISA_70, null!);
        EntryPointDescription entry = grouped ? EntryPointDescription.FromExplicitlyGroupedKernel(method) : EntryPointDescription.FromImplicitlyGroupedKernel(method);

        var kernel = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);

        Assert.Contains(".entry", kernel.PTXAssembly, StringComparison.Ordinal);
    }

    private static Dictionary<string, (MethodInfo Method, bool Grouped)> AllKernels()
    {
        var kernels = new Dictionary<string, (MethodInfo, bool)>(StringComparer.Ordinal);
        void Add(Type type, string name, bool grouped, params Type[] arguments)
        {
            MethodInfo method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
            string of = arguments.Length == 0 ? "" : $"<{string.Join(", ", arguments.Select(a => a.ToString()))}>";
            kernels[$"{type.Name}.{name}{of}".Replace("SparseGen.Ilgpu.Kernels.", "", StringComparison.Ordinal).Replace("SparseGen.Tests.Numerics.", "", StringComparison.Ordinal)] =
                (arguments.Length == 0 ? method : method.MakeGenericMethod(arguments), grouped);
        }

        var shapes = new List<Type> { typeof(RuntimeShape) };
        foreach (Func<ISparseModel> create in Numerics.KernelTests.Models.Values)
        {
            shapes.AddRange(create().Layers.Select(l => l.Kernel.GetType().GetNestedType("IlgpuShape")!));
        }

        foreach (Type shape in shapes.Distinct())
        {
            Type topology = typeof(IRotationShape).IsAssignableFrom(shape) ? typeof(RotatingTopology<>).MakeGenericType(shape)
                : typeof(IEllShape).IsAssignableFrom(shape) ? typeof(EllTopology<>).MakeGenericType(shape)
                : typeof(DenseTopology<>).MakeGenericType(shape);
            if (typeof(ISparseDeviceTopology).IsAssignableFrom(topology))
            {
                Add(typeof(LayerKernels), nameof(LayerKernels.Forward), false, topology);
                Add(typeof(LayerKernels), nameof(LayerKernels.BackwardInput), false, topology);
            }

            if (!typeof(IEllShape).IsAssignableFrom(shape) || shape == typeof(RuntimeShape))
            {
                Add(typeof(DenseKernels), nameof(DenseKernels.Forward), true, shape);
                Add(typeof(DenseKernels), nameof(DenseKernels.BackwardInput), true, shape);
                topology = typeof(DenseTopology<>).MakeGenericType(shape);
            }

            Add(typeof(LayerKernels), nameof(LayerKernels.WeightGradient), false, topology);
            Add(typeof(LayerKernels), nameof(LayerKernels.WeightGradientReduce), true, topology);
        }

        Add(typeof(LayerKernels), nameof(LayerKernels.BiasGradient), false);
        foreach (string name in new[] { nameof(ElementKernels.Activate), nameof(ElementKernels.Softmax), nameof(ElementKernels.Dropout), nameof(ElementKernels.ActivationBackward), nameof(ElementKernels.SoftmaxBackward) })
        {
            Add(typeof(ElementKernels), name, false);
        }

        foreach (Type rule in new[] { typeof(SgdRule), typeof(MomentumRule), typeof(MomentRule) })
        {
            Add(typeof(ElementKernels), nameof(ElementKernels.Update), false, rule);
        }

        return kernels;
    }
}
