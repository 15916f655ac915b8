using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseGen.Cli.Sweep;

/// <summary>The JSON conventions of grid files and point files: snake_case names, enums by name, comments and trailing commas allowed, unknown names rejected.</summary>
internal static class SweepJson
{
    /// <summary>For files: indented.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>For one-line output.</summary>
    public static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };
}
