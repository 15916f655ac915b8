using System;
using System.IO;
using System.Text;
using SparseGen.IO;

namespace SparseGen.Cli;

/// <summary>
/// Reads the small text files the tool takes from others (grid files, sweep point files) with a size limit: a path that
/// names (through any symbolic links) a device, a FIFO, a socket or a folder is refused before it is opened, and at
/// most <c>maxBytes + 1</c> bytes are ever read, so a link to <c>/dev/zero</c> or a huge file costs no memory.
/// </summary>
internal static class BoundedFile
{
    /// <summary>The largest grid file read: 1 MiB.</summary>
    public const int GridLimit = 1 << 20;

    /// <summary>The largest sweep point file (result, failure) read: 64 KiB.</summary>
    public const int PointLimit = 64 << 10;

    /// <summary>The text of <paramref name="path"/>, strict UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest size accepted.</param>
    /// <param name="what">What the file is, for messages (e.g. <c>grid file</c>).</param>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a regular file, is over <paramref name="maxBytes"/> bytes or is not UTF-8; the one-line message names it.</exception>
    public static string ReadText(string path, int maxBytes, string what)
    {
        string target = SymbolicLinks.Resolve(path);
        if (Directory.Exists(target) || FileKind.IsSpecial(target))
        {
            throw new InvalidDataException($"{what} {path} is not a regular file (a device, FIFO, socket or folder); refused.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        byte[] buffer = new byte[maxBytes + 1]; // at most 1 MiB + 1: one byte over the limit tells a file too large
        int length = 0;
        for (int read; length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0;)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            throw new InvalidDataException($"{what} {path} is over {maxBytes} bytes; refused.");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"{what} {path} is not UTF-8 text.");
        }
    }
}
