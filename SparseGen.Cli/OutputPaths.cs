using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SparseGen.Cli;

/// <summary>Checks output paths before long work starts, so that a typo costs seconds, not a training run.</summary>
internal static class OutputPaths
{
    /// <summary>The longest name, in UTF-8 bytes, that one path component may have (NAME_MAX of Linux and macOS file systems).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Most symbolic links followed while resolving one path (Linux's limit); a longer chain is a loop.</summary>
    private const int MaxLinks = 40;

    /// <summary>Checks that a file can be written at <paramref name="path"/>: its folder exists and takes a new file, the path is not a folder, and no name in it is longer than <see cref="MaxNameBytes"/> bytes.</summary>
    /// <exception cref="UsageException">It cannot; the message names the option and the path.</exception>
    public static string File(string path, string option)
    {
        string full = Path.GetFullPath(path);
        foreach (string name in full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            {
                throw new UsageException($"{option} {path}: the name '{name[..20]}…' is {Encoding.UTF8.GetByteCount(name)} bytes long; a file system takes at most {MaxNameBytes}.");
            }
        }

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

    /// <summary>Checks that no two of <paramref name="outputs"/> (null paths skipped) are one file: their full paths are compared after every symbolic link in them is resolved.</summary>
    /// <exception cref="UsageException">Two are; the message names both options and the path.</exception>
    public static void Distinct(params (string Option, string? Path)[] outputs)
    {
        var seen = new Dictionary<string, string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (option, path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            string resolved = Resolve(path);
            if (!seen.TryAdd(resolved, option))
            {
                throw new UsageException($"{seen[resolved]} and {option} both name '{resolved}'; give each output its own file.");
            }
        }
    }

    /// <summary>The full path of <paramref name="path"/> with every symbolic link in it replaced by what it points to (a missing part is kept as written).</summary>
    internal static string Resolve(string path, int depth = 0)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is not null)
            {
                if (depth >= MaxLinks)
                {
                    throw new UsageException($"{path}: too many levels of symbolic links.");
                }

                current = Resolve(Path.Combine(Path.GetDirectoryName(current)!, target), depth + 1);
            }
        }

        return current;
    }
}
