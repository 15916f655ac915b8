using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using SparseGen.IO;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// The output folder of a sweep: <c>points/point-I.json</c> (a finished point: the point and its
/// <see cref="RunSummary"/>), <c>points/point-I.failed.json</c> (the error of its last failed try) and
/// <c>points/point-I.abandoned.json</c> (its last try was stopped by SIGINT or SIGTERM) and
/// <c>logs/point-I.log</c> (what its process printed). Files are written to a temporary name and renamed, so a
/// point file is whole or absent; a point is finished when its file holds the same point as the grid now does
/// (<see cref="Identity"/>: wherever the folder and the data are).
/// </summary>
public sealed class PointStore(string folder)
{
    /// <summary>The sweep's output folder.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The folder of point files.</summary>
    public string PointsFolder => Path.Combine(Folder, "points");

    /// <summary>The folder of logs.</summary>
    public string LogsFolder => Path.Combine(Folder, "logs");

    /// <summary>The result file of point <paramref name="index"/>.</summary>
    public string ResultPath(int index) => Path.Combine(PointsFolder, $"point-{index}.json");

    /// <summary>The failure file of point <paramref name="index"/>.</summary>
    public string FailurePath(int index) => Path.Combine(PointsFolder, $"point-{index}.failed.json");

    /// <summary>The mark of point <paramref name="index"/>'s last try stopped by SIGINT or SIGTERM before it finished.</summary>
    public string AbandonedPath(int index) => Path.Combine(PointsFolder, $"point-{index}.abandoned.json");

    /// <summary>The log of point <paramref name="index"/>.</summary>
    public string LogPath(int index) => Path.Combine(LogsFolder, $"point-{index}.log");

    /// <summary>Creates the folders.</summary>
    public void Create()
    {
        Directory.CreateDirectory(PointsFolder);
        Directory.CreateDirectory(LogsFolder);
    }

    /// <summary>Where <paramref name="point"/> stands.</summary>
    public PointStatus Status(SweepPoint point)
    {
        PointRead read = Read(point);
        if (read.Result is not null)
        {
            return PointStatus.Done;
        }

        return read.Corrupt is not null ? PointStatus.Corrupt
            : File.Exists(AbandonedPath(point.Index)) ? PointStatus.Abandoned
            : File.Exists(FailurePath(point.Index)) ? PointStatus.Failed
            : PointStatus.Pending;
    }

    /// <summary>The result of <paramref name="point"/>, or null when it has none, its file holds another point (the grid changed) or is corrupt.</summary>
    public RunSummary? ReadResult(SweepPoint point) => Read(point).Result;

    /// <summary>
    /// Reads <paramref name="point"/>'s result file, at most <see cref="BoundedFile.PointLimit"/> bytes of a regular file,
    /// and checks its values (<see cref="PointCheck"/>): a result, nothing (no file, or the file of another point), or why
    /// the file is corrupt (not a regular file, too large, empty, truncated, not JSON, or values out of range).
    /// </summary>
    public PointRead Read(SweepPoint point)
    {
        string path = ResultPath(point.Index);
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null) // a dangling link is corrupt, not missing
        {
            return default;
        }

        try
        {
            var stored = SweepJson.Deserialize<PointFile>(BoundedFile.ReadText(path, BoundedFile.PointLimit, "point file"));
            if (stored?.Point is null || stored.Result is null)
            {
                return new PointRead(null, $"{path} holds no point or no result");
            }

            if (!JsonNode.DeepEquals(Identity(stored.Point), Identity(point)))
            {
                return default;
            }

            string? bad = PointCheck.Problem(stored.Result);
            return bad is null ? new PointRead(stored.Result, null) : new PointRead(null, $"{path}: {SparseGen.CommandLine.ErrorText.OneLine(bad)}");
        }
        catch (JsonException e)
        {
            return new PointRead(null, $"{path} is not a valid point file: {e.Message.Split('\n')[0]}");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or OverflowException)
        {
            // Values that read but cannot be compared, e.g. a density of 1e400 (infinity cannot be written as JSON).
            return new PointRead(null, $"{path} is not a valid point file: {SparseGen.CommandLine.ErrorText.OneLine(e.Message)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new PointRead(null, e.Message.Split('\n')[0]);
        }
    }

    /// <summary>
    /// What makes a point the same point: everything the grid says about it (its index, the data set's name and sample
    /// counts, network, pattern, density, seeds, training settings) but not where its data lives, so that a folder
    /// moved or merged on another machine, or data reached through another path, keeps its finished points. Point
    /// files written before carry the absolute path too; it is ignored there as well, so they are still read.
    /// </summary>
    internal static JsonNode? Identity(SweepPoint point) => SweepJson.ToNode(point with { Data = null });

    /// <summary>The error of the last failed try of <paramref name="index"/>, or null.</summary>
    public string? ReadFailure(int index)
    {
        try
        {
            return File.Exists(FailurePath(index)) ? SweepJson.Deserialize<FailureFile>(BoundedFile.ReadText(FailurePath(index), BoundedFile.PointLimit, "failure file"))?.Error : null;
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return $"unreadable failure file: {e.Message}";
        }
    }

    /// <summary>Records a finished point (and forgets an earlier failure).</summary>
    public void WriteResult(SweepPoint point, RunSummary result)
    {
        AtomicFile.WriteText(ResultPath(point.Index), SweepJson.Serialize(new PointFile(point, result, Environment.MachineName, DateTime.UtcNow), SweepJson.Options));
        File.Delete(FailurePath(point.Index));
        File.Delete(AbandonedPath(point.Index));
    }

    /// <summary>Records a failed try of a point.</summary>
    public void WriteFailure(SweepPoint point, string error)
    {
        AtomicFile.WriteText(FailurePath(point.Index), SweepJson.Serialize(new FailureFile(point, error, Environment.MachineName, DateTime.UtcNow), SweepJson.Options));
        File.Delete(AbandonedPath(point.Index));
    }

    /// <summary>Marks a point whose try was stopped (SIGINT, SIGTERM) before it finished: not finished, so a rerun redoes it.</summary>
    public void WriteAbandoned(SweepPoint point, string reason) =>
        AtomicFile.WriteText(AbandonedPath(point.Index), SweepJson.Serialize(new FailureFile(point, reason, Environment.MachineName, DateTime.UtcNow), SweepJson.Options));

    internal sealed record PointFile(SweepPoint Point, RunSummary Result, string Host, DateTime FinishedUtc);

    internal sealed record FailureFile(SweepPoint Point, string Error, string Host, DateTime FailedUtc);
}

/// <summary>Where a point stands.</summary>
public enum PointStatus
{
    /// <summary>Not run yet, or its result belongs to an earlier version of the grid.</summary>
    Pending,

    /// <summary>Its last try failed.</summary>
    Failed,

    /// <summary>Its last try was stopped by SIGINT or SIGTERM before it finished; a rerun redoes it.</summary>
    Abandoned,

    /// <summary>Its result file is corrupt (unreadable, not a regular file, too large, or values out of range): merge refuses it, a rerun redoes it.</summary>
    Corrupt,

    /// <summary>Finished; a rerun skips it.</summary>
    Done,
}

/// <summary>What a point's result file holds: a result, nothing (<c>default</c>), or why it is corrupt.</summary>
/// <param name="Result">The checked result, or null.</param>
/// <param name="Corrupt">Why the file is corrupt (one line naming it), or null.</param>
public readonly record struct PointRead(RunSummary? Result, string? Corrupt);
