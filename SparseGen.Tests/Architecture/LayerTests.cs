using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace SparseGen.Tests.Architecture;

/// <summary>
/// Compiles the runtime's sources with Roslyn and checks every type reference against the layer table of
/// docs/architecture.md: a file may use types of its own layer and of the layers the table lists for it, never
/// one above. Layers are folders; a file's namespace is its folder's (<c>SparseGen.Backends.Cpu</c>) or, for
/// the everyday API, <c>SparseGen</c>.
/// </summary>
public sealed class LayerTests
{
    private static readonly string RuntimeRoot = Path.Combine(LayerRules.RepositoryRoot, "SparseGen.Runtime");
    private static readonly Lazy<CSharpCompilation> Runtime = new(Compile);

    [Fact]
    public void Every_runtime_folder_is_a_layer_of_the_table()
    {
        LayerRules rules = LayerRules.FromDocs();
        string[] folders = SourceFiles().Select(LayerOf).Distinct().Order().ToArray();

        Assert.Equal(folders, rules.Uses.Keys.Order().ToArray());
    }

    [Fact]
    public void Every_folder_inside_a_layer_is_named_in_its_row()
    {
        LayerRules rules = LayerRules.FromDocs();
        string[] folders = SourceFiles().Select(f => Relative(f).Split(Path.DirectorySeparatorChar)).Where(p => p.Length > 2)
            .Select(p => $"{p[0]}/{p[1]}").Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.Contains("Core/Formats", folders);
        Assert.Equal(folders, rules.Folders.Values.SelectMany(f => f).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void No_type_uses_a_layer_above_its_own()
    {
        LayerRules rules = LayerRules.FromDocs();
        CSharpCompilation compilation = Runtime.Value;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            string layer = LayerOf(tree.FilePath);
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes().Where(n => n is SimpleNameSyntax && n.Parent is not UsingDirectiveSyntax))
            {
                INamedTypeSymbol? used = TypeOf(model.GetSymbolInfo(node));
                string? usedLayer = used is null ? null : DeclaringLayer(used);
                if (usedLayer is not null && !rules.Uses[layer].Contains(usedLayer))
                {
                    violations.Add($"{Relative(tree.FilePath)} ({layer}) uses {used!.ToDisplayString()} ({usedLayer})");
                }
            }
        }

        Assert.True(violations.Count == 0, "Dependencies on a layer above:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Namespaces_follow_the_folders_except_the_everyday_api()
    {
        var wrong = new List<string>();
        foreach (SyntaxTree tree in Runtime.Value.SyntaxTrees)
        {
            string folder = Path.GetDirectoryName(Relative(tree.FilePath))!.Replace(Path.DirectorySeparatorChar, '.');
            foreach (BaseNamespaceDeclarationSyntax ns in tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                string name = ns.Name.ToString();
                if (name != "SparseGen" && name != $"SparseGen.{folder}")
                {
                    wrong.Add($"{Relative(tree.FilePath)}: namespace {name}, expected SparseGen.{folder} (or SparseGen for the everyday API)");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void The_core_package_keeps_no_native_or_device_code()
    {
        // Devices are SparseGen.Ilgpu's: the runtime every user ships binds no native library but libc (statx, IO/FileKind).
        var import = new System.Text.RegularExpressions.Regex(@"(DllImport|LibraryImport)\(""(?<library>[^""]+)""");
        string[] native = SourceFiles()
            .SelectMany(f => import.Matches(File.ReadAllText(f)).Select(m => m.Groups["library"].Value).Where(l => l != "libc").Select(l => $"{Relative(f)}: {l}"))
            .Concat(SourceFiles().Where(f => File.ReadAllText(f).Contains("NativeLibrary", StringComparison.Ordinal)).Select(Relative))
            .ToArray();

        Assert.True(native.Length == 0, "Native libraries bound by the runtime: " + string.Join(", ", native));
    }

    [Fact]
    public void The_checker_sees_a_dependency_that_points_up()
    {
        // A Core file that names a Training type must be caught: the rule is not vacuous.
        LayerRules rules = LayerRules.FromDocs();
        SyntaxTree bad = CSharpSyntaxTree.ParseText(
            "namespace SparseGen.Core; internal static class Upward { public static object Make() => new SparseGen.Sgd(); }",
            path: Path.Combine(RuntimeRoot, "Core", "Upward.cs"));
        CSharpCompilation compilation = Runtime.Value.AddSyntaxTrees(bad);
        SemanticModel model = compilation.GetSemanticModel(bad);
        string[] layers = bad.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
            .Select(n => TypeOf(model.GetSymbolInfo(n))).Where(t => t is not null).Select(t => DeclaringLayer(t!)!).Where(l => l is not null).ToArray();

        Assert.Contains("Training", layers);
        Assert.DoesNotContain("Training", rules.Uses["Core"]);
    }

    private static INamedTypeSymbol? TypeOf(SymbolInfo info)
    {
        ISymbol? symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
        while (type?.ContainingType is not null)
        {
            type = type.ContainingType;
        }

        return type?.OriginalDefinition;
    }

    private static string? DeclaringLayer(INamedTypeSymbol type)
    {
        Location? source = type.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree!.FilePath.StartsWith(RuntimeRoot, StringComparison.Ordinal));
        return source is null ? null : LayerOf(source.SourceTree!.FilePath);
    }

    private static string LayerOf(string path) => Relative(path).Split(Path.DirectorySeparatorChar)[0];

    private static string Relative(string path) => Path.GetRelativePath(RuntimeRoot, path);

    private static IEnumerable<string> SourceFiles() => Directory.EnumerateFiles(RuntimeRoot, "*.cs", SearchOption.AllDirectories)
        .Where(f => !Relative(f).StartsWith("obj", StringComparison.Ordinal) && !Relative(f).StartsWith("bin", StringComparison.Ordinal));

    private static CSharpCompilation Compile()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree[] trees = SourceFiles().Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToArray();
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return CSharpCompilation.Create("RuntimeLayers", trees, platform.Where(p => !Path.GetFileName(p).StartsWith("SparseGen.", StringComparison.Ordinal)).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }
}
