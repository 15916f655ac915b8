using SparseGen.IO;

namespace SparseGen.Tests.IO;

/// <summary>
/// The one resolver of symbolic links (issue 23): the atomic writer, the tool's bounded reader and the output checks
/// of the tool and the examples all ask it what a path names.
/// </summary>
public sealed class SymbolicLinksTests : IDisposable
{
    private readonly string _dir = SymbolicLinks.Resolve(Directory.CreateTempSubdirectory("sparsegen-links-").FullName);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_path_without_links_is_its_full_path_and_a_missing_part_is_kept()
    {
        Assert.Equal(Path.Combine(_dir, "a", "b.csv"), SymbolicLinks.Resolve(Path.Combine(_dir, "x", "..", "a", "b.csv")));
    }

    [Fact]
    public void Links_in_folders_and_in_the_last_name_are_followed_relative_to_their_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string real = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_dir, "alias"), "real");
        File.CreateSymbolicLink(Path.Combine(real, "latest.csv"), "run-2.csv");
        File.CreateSymbolicLink(Path.Combine(real, "first"), "latest.csv");

        Assert.Equal(Path.Combine(real, "run-2.csv"), SymbolicLinks.Resolve(Path.Combine(_dir, "alias", "first")));
        Assert.Equal(Path.Combine(real, "new", "x"), SymbolicLinks.Resolve(Path.Combine(_dir, "alias", "new", "x")));
    }

    [Fact]
    public void A_loop_is_an_io_error_naming_the_path()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        File.CreateSymbolicLink(a, "b");
        File.CreateSymbolicLink(b, "a");

        var e = Assert.Throws<IOException>(() => SymbolicLinks.Resolve(a));
        Assert.Contains($"'{a}': too many levels of symbolic links", e.Message);
        var write = Assert.Throws<IOException>(() => AtomicFile.WriteText(a, "x"));
        Assert.StartsWith($"Cannot write '{a}'", write.Message);
    }

    [Fact]
    public void The_writer_replaces_the_file_a_linked_folder_leads_to()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string real = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(_dir, "alias"), "real");

        AtomicFile.WriteText(Path.Combine(_dir, "alias", "out.txt"), "through the folder link");

        Assert.Equal("through the folder link", File.ReadAllText(Path.Combine(real, "out.txt")));
        Assert.Equal("real", new DirectoryInfo(Path.Combine(_dir, "alias")).LinkTarget);
    }
}
