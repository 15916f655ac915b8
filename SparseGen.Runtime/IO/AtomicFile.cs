using System;
using System.IO;

namespace SparseGen.IO;

/// <summary>
/// Writes a file so that a reader sees the old content or the new, never half of it: to a short temporary name in
/// the same folder (so any name the folder accepts works), then renamed. A failed write leaves the old file as it
/// was, removes the temporary one, and reports the path the caller gave.
/// </summary>
/// <remarks>
/// What the path names is kept (issue 25): symbolic links are followed to the final target
/// (<see cref="SymbolicLinks.Resolve"/>), which is replaced (the link stays); a path that is not a regular file (a character or block device such as <c>/dev/null</c>, a FIFO, a
/// socket) is written in place, without a temporary file, since renaming over it would replace the device itself;
/// a replaced file keeps its Unix permissions. A temporary name holds the writer's process id
/// (<c>.sg{pid}-{random}.tmp</c>), so one left by a writer that was killed (kill -9 during a save) is removed by the next
/// write into that folder once no process has that id.
/// </remarks>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; the file is replaced only when <paramref name="write"/> completes.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed (for any reason, permissions included, or a loop of symbolic links); the message names <paramref name="path"/>, never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full;
        try
        {
            full = SymbolicLinks.Resolve(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }

        if (FileKind.IsSpecial(full))
        {
            WriteInPlace(path, full, write);
            return;
        }

        UnixFileMode? mode = !OperatingSystem.IsWindows() && File.Exists(full) ? File.GetUnixFileMode(full) : null;
        string folder = Path.GetDirectoryName(full)!;
        RemoveAbandoned(folder);
        string temporary = Path.Combine(folder, $".sg{Environment.ProcessId:x}-{Guid.NewGuid():N}"[..^24] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } kept && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, kept);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message.Replace(temporary, full, StringComparison.Ordinal)}", e);
        }
        finally
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder is gone or closed to us, so nothing was left in it.
            }
        }
    }

    /// <summary>Deletes the temporary files in <paramref name="folder"/> whose writer's process is gone; anything it cannot read or delete it leaves.</summary>
    internal static void RemoveAbandoned(string folder)
    {
        try
        {
            foreach (string file in Directory.EnumerateFiles(folder, ".sg*-*.tmp"))
            {
                string name = Path.GetFileName(file);
                if (int.TryParse(name.AsSpan(3, name.IndexOf('-') - 3), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int pid) && !IsRunning(pid))
                {
                    File.Delete(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tidying is best effort: the write itself reports real problems.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed; the message names <paramref name="path"/>.</exception>
    public static void WriteText(string path, string text) => WriteText(path, writer => writer.Write(text));

    /// <summary>Writes the text <paramref name="write"/> gives a writer, as UTF-8 (no byte-order mark), streaming, to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed; the message names <paramref name="path"/>.</exception>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            write(writer);
        });

    /// <summary>Writes a device, FIFO or socket directly: it cannot be replaced, and a half-written stream is what such a path gives anyway.</summary>
    private static void WriteInPlace(string path, string full, Action<Stream> write)
    {
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
            write(stream);
            stream.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message}", e);
        }
    }
}
