using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace SparseGen.Tests.Architecture;

/// <summary>Every document that code or docs cite exists in the repository.</summary>
public sealed partial class DocumentTests
{
    private static readonly string[] SourceFolders = ["SparseGen.Runtime", "SparseGen.Generator", "SparseGen.Tests", "SparseGen.Benchmarks", "examples", "docs"];

    [Fact]
    public void Every_cited_document_exists()
    {
        string root = LayerRules.RepositoryRoot;
        IEnumerable<string> files = SourceFolders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".md")) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Append(Path.Combine(root, "README.md"));
        var missing = new List<string>();
        foreach (string file in files)
        {
            foreach (Match m in Cited().Matches(File.ReadAllText(file)))
            {
                string name = m.Value;
                string[] candidates = [Path.Combine(root, name), Path.Combine(root, "docs", name), Path.Combine(Path.GetDirectoryName(file)!, name)];
                if (!candidates.Any(File.Exists))
                {
                    missing.Add($"{Path.GetRelativePath(root, file)} cites {name}");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    /// <summary>A relative path to a Markdown file: <c>docs/patterns.md</c>, <c>diagnostics.md</c>; not a URL.</summary>
    [GeneratedRegex(@"(?<![\w/:.-])(?:[\w-]+/)*[\w-]+\.md\b")]
    private static partial Regex Cited();
}
