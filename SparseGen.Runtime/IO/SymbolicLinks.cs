using System;
using System.IO;

namespace SparseGen.IO;

/// <summary>
/// The one resolver of symbolic links: what a path names once every link in it is followed. The atomic writer
/// replaces the file a link ends at (<see cref="AtomicFile"/>), the tool's bounded reader refuses a link to a device,
/// and the output checks of the tool and the examples compare outputs by it, so all of them agree on what a path is.
/// </summary>
internal static class SymbolicLinks
{
    /// <summary>Most symbolic links followed while resolving one path (Linux's limit); a longer chain is taken for a loop.</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// The full path of <paramref name="path"/> with every symbolic link in it (in any of its folders, or the last
    /// name) replaced by what it points to, a relative target read from the link's folder. A part that does not exist
    /// is kept as written, so the result may name a file still to be created (a dangling link gives its target).
    /// </summary>
    /// <exception cref="IOException">More than <see cref="MaxLinks"/> links were followed (a loop); the message names <paramref name="path"/>.</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int links = 0;
        return Follow(Path.GetFullPath(path), path, ref links);
    }

    private static string Follow(string full, string original, ref int links)
    {
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (LinkTarget(current) is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"'{original}': too many levels of symbolic links (more than {MaxLinks}, a loop).");
                }

                current = Follow(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, target)), original, ref links);
            }
        }

        return current;
    }

    /// <summary>What the link at <paramref name="path"/> holds; null when it is no link, is missing or cannot be read.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
