using System;
using System.IO;

namespace SparseGen.Onnx;

/// <summary>
/// Writes a file so that a reader sees the old content or the new, never half of it: to a temporary file in the
/// same folder, renamed over the target when complete (the runtime's own helper is internal to it).
/// </summary>
internal static class AtomicWrite
{
    /// <exception cref="IOException">The file cannot be written or renamed; the message names <paramref name="path"/>, never the temporary file.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".sg{Guid.NewGuid():N}"[..11] + ".onnx.tmp");
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
}
