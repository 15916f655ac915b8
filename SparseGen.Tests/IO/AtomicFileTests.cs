using SparseGen.IO;

namespace SparseGen.Tests.IO;

/// <summary>What an output path points to survives a write: devices stay devices, links stay links, modes stay (issue 25).</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_character_device_is_written_in_place_and_stays_a_device()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Through a link, so that a writer that replaces what it is given replaces the link, never /dev/null itself.
        string link = Path.Combine(_dir, "null");
        File.CreateSymbolicLink(link, "/dev/null");

        AtomicFile.WriteText(link, "history");

        Assert.Equal("/dev/null", new FileInfo(link).LinkTarget);
        Assert.Equal(string.Empty, File.ReadAllText("/dev/null"));
        Assert.Equal("character special file", FileType("/dev/null"));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task A_fifo_is_written_in_place()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string fifo = Path.Combine(_dir, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var reader = Task.Run(() => File.ReadAllText(fifo));
        AtomicFile.WriteText(fifo, "through the pipe");

        Assert.Equal("through the pipe", await reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("fifo", FileType(fifo));
    }

    [Fact]
    public void A_symbolic_link_stays_a_link_and_its_target_gets_the_new_content()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(_dir, "real"));
        string target = Path.Combine(_dir, "real", "model.safetensors");
        File.WriteAllText(target, "old");
        string link = Path.Combine(_dir, "model.safetensors");
        File.CreateSymbolicLink(link, Path.Combine("real", "model.safetensors"));
        string linkToLink = Path.Combine(_dir, "latest");
        File.CreateSymbolicLink(linkToLink, "model.safetensors");

        AtomicFile.WriteText(linkToLink, "new");

        Assert.Equal(Path.Combine("real", "model.safetensors"), new FileInfo(link).LinkTarget);
        Assert.Equal("model.safetensors", new FileInfo(linkToLink).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_dangling_link_gets_its_target_created()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string link = Path.Combine(_dir, "out.csv");
        File.CreateSymbolicLink(link, "missing.csv");

        AtomicFile.WriteText(link, "a,b");

        Assert.Equal("missing.csv", new FileInfo(link).LinkTarget);
        Assert.Equal("a,b", File.ReadAllText(Path.Combine(_dir, "missing.csv")));
    }

    [Fact]
    public void The_mode_of_the_replaced_file_is_kept()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string path = Path.Combine(_dir, "secret.safetensors");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        AtomicFile.WriteText(path, "new");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("new", File.ReadAllText(path));
    }

    /// <summary>What <c>stat</c> calls the file at <paramref name="path"/> ("regular file", "fifo", …), links not followed.</summary>
    [Fact]
    public void A_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write_and_a_live_writers_is_kept()
    {
        // A process that has ended stands for a writer killed during its save (kill -9 skips every cleanup).
        using var finished = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        finished.WaitForExit();
        string abandoned = Path.Combine(_dir, $".sg{finished.Id:x}-0badf00d.tmp");
        string live = Path.Combine(_dir, $".sg{Environment.ProcessId:x}-0badf00d.tmp");
        string other = Path.Combine(_dir, ".sgnotapid-0badf00d.tmp");
        foreach (string file in new[] { abandoned, live, other })
        {
            File.WriteAllText(file, "half a checkpoint");
        }

        AtomicFile.WriteText(Path.Combine(_dir, "model.txt"), "whole");

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Equal("whole", File.ReadAllText(Path.Combine(_dir, "model.txt")));
    }

    private static string FileType(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        string type = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return type;
    }
}
