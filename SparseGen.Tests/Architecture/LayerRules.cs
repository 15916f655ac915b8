using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SparseGen.Tests.Architecture;

/// <summary>The runtime's layers and what each may use, read from the table in docs/architecture.md, so the doc and the test cannot drift apart.</summary>
internal sealed partial class LayerRules
{
    private LayerRules(IReadOnlyDictionary<string, IReadOnlySet<string>> uses, IReadOnlyDictionary<string, IReadOnlySet<string>> folders)
    {
        Uses = uses;
        Folders = folders;
    }

    /// <summary>Each layer (a top-level folder of SparseGen.Runtime) and the layers its code may use, itself included.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Uses { get; }

    /// <summary>Each layer and the folders inside it that its row names (<c>`Core/Formats`</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Folders { get; }

    public static string RepositoryRoot { get; } = FindRoot();

    public static LayerRules FromDocs()
    {
        string path = Path.Combine(RepositoryRoot, "docs", "architecture.md");
        var uses = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var folders = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            Match row = Row().Match(line);
            if (row.Success)
            {
                string layer = row.Groups["layer"].Value;
                var allowed = new HashSet<string>(Layer().Matches(row.Groups["uses"].Value).Select(m => m.Groups[1].Value), StringComparer.Ordinal) { layer };
                uses[layer] = allowed;
                folders[layer] = new HashSet<string>(Folder().Matches(row.Groups["holds"].Value).Select(m => m.Groups[1].Value).Where(f => f.StartsWith(layer + "/", StringComparison.Ordinal)), StringComparer.Ordinal);
            }
        }

        return uses.Count > 0 ? new LayerRules(uses, folders) : throw new InvalidDataException($"{path}: no layer table rows of the form '| `Layer` | `Other`, ... |'.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparseGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No SparseGen.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A row of the layer table: <c>| `Training` | `Core`, `Kernels` | what it holds |</c>.</summary>
    [GeneratedRegex(@"^\|\s*`(?<layer>[A-Za-z]+)`\s*\|(?<uses>[^|]*)\|(?<holds>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"`([A-Za-z]+)`")]
    private static partial Regex Layer();

    /// <summary>A folder inside a layer, as a row names it: <c>`Core/Formats`</c>.</summary>
    [GeneratedRegex(@"`([A-Za-z]+/[A-Za-z]+)`")]
    private static partial Regex Folder();
}
