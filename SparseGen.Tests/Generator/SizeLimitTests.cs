using Microsoft.CodeAnalysis;
using System.Reflection;
using SparseGen.Tests.Ilgpu;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Generator;

/// <summary>
/// A seeded layer's source does not grow with its edges: its tables are rebuilt at run time, and a layer whose
/// padded device tables exceed constant memory (a nearly empty layer over many inputs) reads them from buffers.
/// (The limits themselves are diagnostics: <see cref="HostileDeclarationTests"/>, SPG0018.)
/// </summary>
[Collection(IlgpuCollection.Name)]
public class SizeLimitTests
{
    private const string NearlyEmpty = """
        using SparseGen;
        namespace Demo;

        [SparseModel(Inputs = 200000)]
        public sealed partial class Wide
        {
            [SparseLayer(0.00005, ConnectivityPattern.Uniform, 3, Units = 10, Activation = Activation.Tanh)]
            public partial ISparseLayer Hidden { get; }
        }
        """;

    [Theory]
    [InlineData("pattern")]
    [InlineData("real")]
    public void A_size_line_allocates_nothing_for_entries_the_file_does_not_hold(string field)
    {
        // The most entries the generator accepts (Limits.MaxFileEdges), promised by a file of one entry: reading must
        // cost about one entry, not 16 million (issue 25; before, 200 MB and more were allocated up front).
        string text = $"%%MatrixMarket matrix coordinate {field} general\n4096 4096 16777216\n1 1{(field == "real" ? " 0.5" : string.Empty)}\n";
        var reader = new SparseGen.Core.Formats.MatrixMarketReader(new StringReader(text));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var header = reader.ReadHeader();
        var e = Assert.Throws<SparseGen.Core.Formats.MatrixMarketException>(() => reader.ReadEntries(header));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("the header promises 16777216 entries but the file holds 1", e.What);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to read one entry");
    }

    [Fact]
    public void A_file_of_a_billion_rows_is_refused_before_its_rows_are_allocated()
    {
        // Before issue 25's fix the generator allocated the file's 1,000,000,001 row offsets (3.9 GB) and then reported SPG0018.
        string source = TopologyFiles.Model("[SparseLayer(\"hidden.mtx\")] public partial ISparseLayer Hidden { get; }", inputs: 3);
        AdditionalText file = TopologyFiles.File("hidden.mtx", "%%MatrixMarket matrix coordinate pattern general\n1000000000 3 1\n1 1\n");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (_, diagnostics) = GeneratorHarness.Run(source, file);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("SPG0018", Assert.Single(diagnostics).Id);
        Assert.True(allocated < 1L << 30, $"{allocated} bytes allocated to refuse a file of one entry");
    }

    [Fact]
    public void A_nearly_empty_layer_bakes_no_per_input_table()
    {
        var (run, diagnostics) = GeneratorHarness.Run(NearlyEmpty);

        Assert.Empty(diagnostics);
        long characters = run.Results[0].GeneratedSources.Sum(s => (long)s.SourceText.Length);
        Assert.True(characters < 64 * 1024, $"{characters} characters generated for a layer of 100 edges over 200000 inputs");
    }

    [Fact]
    public void A_seeded_table_layer_bakes_nothing_per_edge()
    {
        var (run, diagnostics) = GeneratorHarness.Run(NearlyEmpty.Replace("Inputs = 200000", "Inputs = 2000").Replace("0.00005, ConnectivityPattern.Uniform, 3, Units = 10", "0.05, ConnectivityPattern.Uniform, 3, Units = 2000"));

        Assert.Empty(diagnostics);
        long characters = run.Results[0].GeneratedSources.Sum(s => (long)s.SourceText.Length);
        Assert.True(characters < 32 * 1024, $"{characters} characters generated for a Uniform layer of 200000 edges");
    }

    [Fact]
    public void A_nearly_empty_layer_computes_what_the_generic_kernel_computes()
    {
        ILayerKernel kernel = Wide().Layers[0].Kernel;
        var reference = new CsrLayerKernel(SparseGen.Topology.Create(ConnectivityPattern.Uniform, 200000, 10, 0.00005, 3));
        const int Batch = 2;
        float[] w = Reference.Random(kernel.EdgeCount, 1), b = Reference.Random(10, 2), x = Reference.Random(200000 * Batch, 3), dz = Reference.Random(10 * Batch, 4);
        float[] z = new float[10 * Batch], zRef = new float[10 * Batch];
        float[] dw = new float[kernel.EdgeCount], dwRef = new float[kernel.EdgeCount], db = new float[10], dbRef = new float[10];
        float[] dx = new float[200000 * Batch], dxRef = new float[200000 * Batch];

        kernel.Forward(w, b, x, z, Batch);
        reference.Forward(w, b, x, zRef, Batch);
        kernel.Backward(w, x, dz, dw, db, dx, Batch);
        reference.Backward(w, x, dz, dwRef, dbRef, dxRef, Batch);

        Assert.Equal(reference.Fingerprint, kernel.Fingerprint);
        Assert.Equal(zRef, z);
        Assert.Equal(dwRef, dw);
        Assert.Equal(dbRef, db);
        Assert.Equal(dxRef, dx);
    }

    [Fact]
    public void A_nearly_empty_layer_runs_on_the_device_as_on_the_cpu()
    {
        ISparseModel model = Wide();
        model.Initialize(5);
        const int Batch = 3;
        float[] x = Reference.Random(model.InputCount * Batch, 6);
        float[] expected = model.Network.Forward(x, Batch, null).ToArray();
        using var device = IlgpuCpu.Backend.Open(model.Network);

        IlgpuCpu.Close(expected, device.Forward(x, Batch, null).ToArray(), "output");
    }

    private static readonly Lazy<Assembly> Assembly = new(() => GeneratorHarness.Load(NearlyEmpty));

    private static ISparseModel Wide() => (ISparseModel)Activator.CreateInstance(Assembly.Value.GetType("Demo.Wide", throwOnError: true)!)!;
}
