using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SparseGen.Core.Formats;
using SparseGen.Kernels;

namespace SparseGen.Tests.Generator;

/// <summary>
/// The compact tables a topology file's kernel bakes (<see cref="TableEncoding"/>) decode to the file's topology,
/// are checked when they load, and cost a few bytes an edge; seeded tables rebuilt at run time are checked too.
/// </summary>
public class TableEncodingTests
{
    [Fact]
    public void Tables_and_weights_round_trip_for_any_topology()
    {
        var sizes = (from inputs in Gen.Choose(1, 300) from units in Gen.Choose(1, 40) from percent in Gen.Choose(1, 100) select (inputs, units, percent)).ToArbitrary();
        Prop.ForAll(sizes, size =>
        {
            var (inputs, units, percent) = size;
            var topology = SparseGen.Topology.Create(ConnectivityPattern.ErdosRenyi, inputs, units, percent / 100.0, (ulong)(inputs * units));
            var rowOffsets = new int[units + 1];
            var columns = new int[topology.EdgeCount];
            TableEncoding.DecodeTopology(Encoding.ASCII.GetBytes(TableEncoding.EncodeTopology(topology.RowOffsetArray, topology.ColumnArray)), inputs, rowOffsets, columns);
            float[] weights = Enumerable.Range(0, topology.EdgeCount).Select(e => (e * 0.37f) - 5e-39f).ToArray();
            var decoded = new float[weights.Length];
            TableEncoding.DecodeFloats(Encoding.ASCII.GetBytes(TableEncoding.EncodeFloats(weights)), decoded);
            return rowOffsets.SequenceEqual(topology.RowOffsetArray) && columns.SequenceEqual(topology.ColumnArray) && decoded.SequenceEqual(weights);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Fact]
    public void A_layer_whose_inputs_are_a_few_apart_costs_about_one_and_a_third_characters_an_edge()
    {
        var topology = SparseGen.Topology.Create(ConnectivityPattern.Uniform, 784, 250, 0.1, 42);

        string text = TableEncoding.EncodeTopology(topology.RowOffsetArray, topology.ColumnArray);

        Assert.InRange(text.Length / (double)topology.EdgeCount, 1.3, 1.5);
    }

    [Theory]
    [InlineData("AQAB!", "'!' is not a base64 character")]
    [InlineData("AQA", "do not make whole groups of 4")]
    [InlineData("AgAA", "more than the 1 edges left")]
    [InlineData("AQU=", "reads input 5, beyond the layer's 3")]
    [InlineData("AYA=", "the tables end inside a number")]
    public void Corrupted_tables_are_refused_with_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => TableEncoding.DecodeTopology(Encoding.ASCII.GetBytes(text), 3, new int[2], new int[1]));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Tables_that_decode_to_another_topology_are_refused_with_both_fingerprints()
    {
        var topology = SparseGen.Topology.Create(ConnectivityPattern.ErdosRenyi, 20, 6, 0.3, 1);
        byte[] text = Encoding.ASCII.GetBytes(TableEncoding.EncodeTopology(topology.RowOffsetArray, topology.ColumnArray));

        var e = Assert.Throws<InvalidDataException>(() => LayerTables.Decode("Hidden", text, 20, 6, topology.EdgeCount, topology.Fingerprint ^ 1));

        Assert.Contains($"decode to topology 0x{topology.Fingerprint:X16}, but the generator read 0x{topology.Fingerprint ^ 1:X16}", e.Message);
        Assert.Equal(topology.Fingerprint, LayerTables.Decode("Hidden", text, 20, 6, topology.EdgeCount, topology.Fingerprint).Topology.Fingerprint);
    }

    [Fact]
    public void A_seeded_layer_rebuilt_by_another_topology_code_is_refused_instead_of_run()
    {
        ulong fingerprint = SparseGen.Topology.Create(ConnectivityPattern.Uniform, 30, 8, 0.25, 3).Fingerprint;

        var e = Assert.Throws<InvalidOperationException>(() => LayerTables.Rebuild("Hidden", ConnectivityPattern.Uniform, 30, 8, 0.25, 3, fingerprint + 1));

        Assert.Contains($"the runtime builds topology 0x{fingerprint:X16}, but the generator built 0x{fingerprint + 1:X16}", e.Message);
        Assert.Contains("reference one version of the SparseGen package", e.Message);
    }
}
