using System;
using System.IO;
using System.Runtime.InteropServices;

namespace SparseGen.IO;

/// <summary>
/// What a path names, as the file system says, for <see cref="AtomicFile"/>: only a regular file (or nothing) may be
/// replaced by renaming a new file over it. Read with Linux's <c>statx</c>, whose layout is the same on every
/// architecture; elsewhere every existing non-folder path counts as a regular file (the behaviour before issue 25).
/// </summary>
internal static partial class FileKind
{
    private const int AtCurrentFolder = -100;
    private const int AtNoFollowLink = 0x100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // u32 mask, u32 blksize, u64 attributes, u32 nlink, u32 uid, u32 gid, then u16 mode
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>True when <paramref name="path"/> exists and is not a regular file, a folder or a symbolic link: a character or block device, a FIFO or a socket.</summary>
    public static unsafe bool IsSpecial(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        byte* buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentFolder, path, AtNoFollowLink, StatxType, buffer) != 0)
            {
                return false; // missing (or unreadable: then the write itself reports why)
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // a C library without statx (glibc before 2.28)
        }

        int type = *(ushort*)(buffer + ModeOffset) & TypeMask;
        return type is not (Regular or 0x4000 or 0xA000);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int folder, string path, int flags, uint mask, byte* buffer);
}
