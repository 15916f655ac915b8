using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// The JSON conventions of grid files and point files: snake_case names, enums by name, comments and trailing commas
/// allowed, unknown names and names repeated in one object rejected. Serialised by source-generated code (<see cref="SweepJsonContext"/>), without
/// reflection, so the tool also publishes with Native AOT.
/// </summary>
internal static class SweepJson
{
    /// <summary>For files: indented.</summary>
    public static readonly JsonSerializerOptions Options = SweepJsonContext.Default.Options;

    /// <summary>For one-line output.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary><paramref name="value"/> as JSON text with <paramref name="options"/> (<see cref="Options"/> or <see cref="Compact"/>).</summary>
    public static string Serialize<T>(T value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, Info<T>(options));

    /// <summary><paramref name="value"/> as a JSON node with <see cref="Options"/>.</summary>
    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Info<T>(Options));

    /// <summary>Reads <paramref name="json"/> with <see cref="Options"/>.</summary>
    /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, Info<T>(Options));

    private static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}

/// <summary>The types the tool reads and writes as JSON, with <see cref="SweepJson"/>'s conventions.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(Grid.GridFile))]
[JsonSerializable(typeof(PointStore.PointFile))]
[JsonSerializable(typeof(PointStore.FailureFile))]
[JsonSerializable(typeof(SweepPoint))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(SlurmRecord.SubmissionsFile))]
internal sealed partial class SweepJsonContext : JsonSerializerContext;
