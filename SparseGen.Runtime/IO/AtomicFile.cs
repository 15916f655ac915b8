using System;
using System.IO;

namespace SparseGen.IO;

/// <summary>
/// Writes a file so that a reader sees the old content or the new, never half of it: to a short temporary name in
/// the same folder (so any name the folder accepts works), then renamed. A failed write leaves the old file as it
/// was, removes the temporary one, and reports the path the caller gave.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; the file is replaced only when <paramref name="write"/> completes.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed (for any reason, permissions included); the message names <paramref name="path"/>, never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".sg{Guid.NewGuid():N}"[..11] + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
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

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be written or renamed; the message names <paramref name="path"/>.</exception>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
}
