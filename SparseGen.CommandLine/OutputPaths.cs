using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using SparseGen.IO;

namespace SparseGen.CommandLine;

/// <summary>
/// The checks of output paths that the tool and the examples make before long work starts, so that a typo costs
/// seconds, not a training run: each file output names a file (not a folder) whose names a file system takes, in a
/// folder that exists and takes a new file; no two outputs are one file once every symbolic link is resolved
/// (<see cref="Resolve"/>, the runtime's resolver, which the writer follows too).
/// </summary>
public static class OutputPaths
{
    /// <summary>The longest name, in UTF-8 bytes, that one path component may have (NAME_MAX of Linux and macOS file systems).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// The first problem of <paramref name="outputs"/> (null paths skipped): first each path on its own, in order
    /// (<see cref="CheckFile"/>), then whether two name one file (<see cref="Distinct"/>).
    /// </summary>
    /// <returns>The problem, or null when every path is fine.</returns>
    public static OutputProblem? Check(params (string Option, string? Path)[] outputs)
    {
        foreach (var (option, path) in outputs)
        {
            if (path is not null && CheckFile(option, path) is { } problem)
            {
                return problem;
            }
        }

        return Distinct(outputs);
    }

    /// <summary>
    /// Whether a file can be written at <paramref name="path"/>: no name in it is longer than <see cref="MaxNameBytes"/>
    /// bytes, it is not a folder, its folder exists and takes a new file (a file is created there and deleted).
    /// </summary>
    /// <returns>The problem, or null.</returns>
    public static OutputProblem? CheckFile(string option, string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string[] names = full.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        for (int i = 0; i < names.Length; i++)
        {
            int bytes = Encoding.UTF8.GetByteCount(names[i]);
            if (bytes > MaxNameBytes)
            {
                return new OutputProblem(OutputProblemKind.NameTooLong, option, path) { Name = names[i], Bytes = bytes, IsFileName = i == names.Length - 1 };
            }
        }

        if (Directory.Exists(full) || System.IO.Path.GetFileName(full).Length == 0)
        {
            return new OutputProblem(OutputProblemKind.IsAFolder, option, path);
        }

        string folder = System.IO.Path.GetDirectoryName(full)!;
        return !Directory.Exists(folder) ? new OutputProblem(OutputProblemKind.NoFolder, option, path) { Folder = folder } : Probe(folder, option, path);
    }

    /// <summary>
    /// Creates the folder <paramref name="path"/> (and its parents) when missing and checks that it takes a new file.
    /// </summary>
    /// <param name="option">The option that names the folder.</param>
    /// <param name="path">The folder.</param>
    /// <param name="full">Its full path.</param>
    /// <returns>The problem, or null.</returns>
    public static OutputProblem? CheckFolder(string option, string path, out string full)
    {
        full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return new OutputProblem(OutputProblemKind.IsAFile, option, path);
        }

        try
        {
            Directory.CreateDirectory(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new OutputProblem(OutputProblemKind.CannotCreate, option, path) { Detail = e.Message };
        }

        return Probe(full, option, path);
    }

    /// <summary>
    /// Whether two of <paramref name="outputs"/> (null paths skipped) are one file: their full paths are compared after
    /// every symbolic link in them is resolved (ignoring case where the file system usually does: Windows, macOS).
    /// </summary>
    /// <returns>The first path that names a file an earlier one names, or whose links loop; null when there is none.</returns>
    public static OutputProblem? Distinct(params (string Option, string? Path)[] outputs)
    {
        var seen = new Dictionary<string, string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (option, path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            string resolved;
            try
            {
                resolved = Resolve(path);
            }
            catch (IOException)
            {
                return new OutputProblem(OutputProblemKind.LinkLoop, option, path);
            }

            if (!seen.TryAdd(resolved, option))
            {
                return new OutputProblem(OutputProblemKind.SameFile, option, path) { OtherOption = seen[resolved], Resolved = resolved };
            }
        }

        return null;
    }

    /// <summary>The full path of <paramref name="path"/> with every symbolic link in it replaced by what it points to (a missing part kept as written), as the writer resolves it.</summary>
    /// <exception cref="IOException">The links form a loop.</exception>
    public static string Resolve(string path) => SymbolicLinks.Resolve(path);

    /// <summary>Creates a file in <paramref name="folder"/> and deletes it.</summary>
    private static OutputProblem? Probe(string folder, string option, string path)
    {
        try
        {
            using var probe = new FileStream(System.IO.Path.Combine(folder, $".sg{Guid.NewGuid():N}"[..11] + ".tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new OutputProblem(OutputProblemKind.NotWritable, option, path) { Folder = folder, Detail = e.Message };
        }
    }
}
