using System;
using System.Globalization;
using System.IO;
using SparseGen.CommandLine;
using SparseGen.IO;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// An exclusive lock held for a command's duration: a <c>.lock</c> file opened with <see cref="FileShare.None"/>
/// (an <c>flock</c> on Unix, a sharing lock on Windows), which the operating system releases when the process ends,
/// however it ends, so a lock is never stale. The holder's process id, host and command are written into the lock
/// file and, readable while it is held, into <c>NAME.holder</c> beside it.
/// </summary>
internal sealed class SweepLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string holderPath;

    private SweepLock(FileStream stream, string holderPath)
    {
        this.stream = stream;
        this.holderPath = holderPath;
    }

    /// <summary>The lock of a sweep's output folder, taken by <c>sweep run</c> and <c>sweep submit</c>.</summary>
    /// <exception cref="SweepBusyException">Another process holds it.</exception>
    public static SweepLock Folder(PointStore store, string command) =>
        Acquire(Path.Combine(store.Folder, ".lock"), command, holder => $"sweep folder {store.Folder} is in use by {holder}; wait for it to end or stop it (Ctrl-C, scancel)");

    /// <summary>The lock of one point, taken by <c>sweep point</c> (what each Slurm array task runs) while it runs the point.</summary>
    /// <exception cref="SweepBusyException">Another process is running the point.</exception>
    public static SweepLock Point(PointStore store, int index) =>
        Acquire(Path.Combine(store.PointsFolder, $"point-{index}.lock"), "sweep point", holder => $"point {index} of {store.Folder} is already running in {holder}; not run twice at once");

    private static SweepLock Acquire(string path, string command, Func<string, string> busy)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string holderPath = path + ".holder";
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(path))
        {
            throw new SweepBusyException(busy(Holder(holderPath)));
        }

        string holder = string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId} on {Environment.MachineName} (`sparsegen {command}`, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)");
        stream.SetLength(0);
        using (var writer = new StreamWriter(stream, leaveOpen: true))
        {
            writer.WriteLine(holder);
        }

        stream.Flush(flushToDisk: false);
        AtomicFile.WriteText(holderPath, holder + "\n");
        return new SweepLock(stream, holderPath);
    }

    private static string Holder(string holderPath)
    {
        try
        {
            // Bounded: whatever the file is (a link to a device, a huge file), at most 500 characters are read.
            using var reader = new StreamReader(holderPath);
            char[] buffer = new char[500];
            string text = new string(buffer, 0, reader.ReadBlock(buffer, 0, buffer.Length)).Split('\n')[0].Trim();
            return text.Length > 0 ? text : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(holderPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next holder overwrites it.
        }

        stream.Dispose();
    }
}

/// <summary>A sweep folder or point is locked by another process; reported as one line with exit code <see cref="ExitCodes.Failure"/>.</summary>
internal sealed class SweepBusyException(string message) : IOException(message);
