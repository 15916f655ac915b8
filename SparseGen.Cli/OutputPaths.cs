using System;
using System.IO;

namespace SparseGen.Cli;

/// <summary>Checks output paths before long work starts, so that a typo costs seconds, not a training run.</summary>
internal static class OutputPaths
{
    /// <summary>Checks that a file can be written at <paramref name="path"/>: its folder exists and takes a new file, and the path is not a folder.</summary>
    /// <exception cref="UsageException">It cannot; the message names the option and the path.</exception>
    public static string File(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"{option} {path}: is a folder; give a file name.");
        }

        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{option} {path}: the folder '{folder}' does not exist; create it first.");
        }

        Probe(folder, option, path);
        return full;
    }

    /// <summary>Creates the folder <paramref name="path"/> (and its parents) when missing and checks that it takes new files.</summary>
    /// <exception cref="UsageException">It cannot be created or written; the message names the option and the path.</exception>
    public static string Folder(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
        {
            throw new UsageException($"{option} {path}: is a file; give a folder.");
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: the folder cannot be created ({e.Message}).");
        }

        Probe(full, option, path);
        return full;
    }

    private static void Probe(string folder, string option, string path)
    {
        string probe = Path.Combine(folder, $".sparsegen-probe-{Guid.NewGuid():N}");
        try
        {
            using (System.IO.File.Create(probe))
            {
            }

            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot write in '{folder}' ({e.Message}).");
        }
    }
}
