using System.Linq;
using System.Text.RegularExpressions;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Sweep;

/// <summary>The <c>slurm</c> section of a grid file: what each array task asks for (sbatch's options of the same names).</summary>
/// <param name="Time">Time limit of one point, in a form sbatch's <c>--time</c> takes: <c>MM</c>, <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH</c>, <c>D-HH:MM</c> or <c>D-HH:MM:SS</c>.</param>
/// <param name="CpusPerTask">CPUs of one point, which its training uses as threads.</param>
/// <param name="Mem">Memory of one point, as <c>--mem</c> takes it (<c>2G</c>, <c>500M</c>); null leaves it to the cluster.</param>
/// <param name="Partition">Partition; null uses the cluster's default.</param>
/// <param name="MaxParallel">At most this many points at once (<c>--array=...%N</c>); null: no limit.</param>
/// <param name="Extra">Further <c>#SBATCH</c> options, each one token such as <c>--account=lab</c>.</param>
public sealed record SlurmSettings(string Time = "00:30:00", int CpusPerTask = 1, string? Mem = "2G", string? Partition = null, int? MaxParallel = null, string[]? Extra = null)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="UsageException">A value is invalid; the message names it and the allowed form.</exception>
    public void Validate(string where)
    {
        if (Time is null || !Regex.IsMatch(Time, @"^([0-9]+-[0-9]{1,2}(:[0-9]{2}){0,2}|[0-9]+(:[0-9]{2}){0,2})\z"))
        {
            throw new UsageException($"{where}: slurm.time '{Printable(Time)}' is not a time sbatch takes; use MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS.");
        }

        if (CpusPerTask < 1 || MaxParallel is < 1)
        {
            throw new UsageException($"{where}: slurm.cpus_per_task and slurm.max_parallel must be at least 1.");
        }

        if (Mem is not null && !Regex.IsMatch(Mem, @"^[0-9]+[KMGT]?\z"))
        {
            throw new UsageException($"{where}: slurm.mem '{Printable(Mem)}' is not a size sbatch takes; use a number with an optional K, M, G or T, e.g. 2G.");
        }

        if (Partition is not null && !Regex.IsMatch(Partition, @"^[A-Za-z0-9_.,-]+\z"))
        {
            throw new UsageException($"{where}: slurm.partition '{Printable(Partition)}' must be a partition name (ASCII letters and digits, '_', '-', '.', ',').");
        }

        if (Extra?.FirstOrDefault(e => !Regex.IsMatch(e, @"^--?[A-Za-z0-9_-]+(=[!#%-&(-\[\]-_a-~]+)?\z")) is { } bad)
        {
            throw new UsageException($"{where}: slurm.extra holds '{Printable(bad)}'; each entry must be one sbatch option such as --account=lab, printable ASCII without spaces, quotes, '\\', '$' or '`'.");
        }
    }

    private static string Printable(string? value) => ErrorText.Printable(value ?? string.Empty);
}
