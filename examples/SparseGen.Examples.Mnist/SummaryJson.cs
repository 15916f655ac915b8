using System.Text.Json.Serialization;

namespace SparseGen.Examples.Mnist;

// The --json lines, serialised by source-generated code (no reflection), so the example also publishes with Native
// AOT and trimming; the names are snake_case, in this order, as the anonymous types before them printed.
internal sealed record RunSummary(
    double? TestAccuracy, double? TestLoss, double TrainLoss, double TrainSeconds, double SecondsPerEpoch, double[] EpochSeconds, int Epochs,
    double Density, long Parameters, string Kernels, string Device, int Threads, int BatchSize, ulong Seed);

internal sealed record CompareRow(string Model, long Parameters, double SecondsPerEpoch, double TestAccuracy);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(CompareRow[]))]
internal sealed partial class SummaryJson : JsonSerializerContext;
