using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SparseGen.Core.Formats;
using SparseGen.Generator.Model;
using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Parsing;

/// <summary>
/// Topology files (<c>[SparseLayer("hidden.mtx")]</c>): which AdditionalFiles item a name in an attribute means,
/// and reading one through the compiler's additional texts (never the file system), with the runtime's Matrix
/// Market reader (<see cref="MatrixMarketReader"/>), so both refuse the same files.
/// </summary>
internal static class TopologyFiles
{
    /// <summary>
    /// Whether <paramref name="path"/> (an AdditionalFiles path) is what <paramref name="name"/> names: the same
    /// path, or a path that ends in <c>/name</c>; separators <c>/</c> and <c>\</c> are alike, case is ignored.
    /// </summary>
    public static bool Matches(string path, string name)
    {
        string p = Normalize(path), n = Normalize(name);
        while (n.StartsWith("./", StringComparison.Ordinal))
        {
            n = n.Substring(2);
        }

        return n.Length > 0 && (string.Equals(p, n, StringComparison.OrdinalIgnoreCase)
            || (p.EndsWith(n, StringComparison.OrdinalIgnoreCase) && p[p.Length - n.Length - 1] == '/'));
    }

    /// <summary>The file names that <paramref name="draft"/>'s layers read.</summary>
    public static EquatableArray<string> Requested(ParseResult parsed) =>
        new(parsed.Draft?.Layers.Select(l => l.TopologyFile).OfType<string>().Where(n => n.Trim().Length > 0) ?? []);

    /// <summary>Reads <paramref name="text"/> when a layer names it, else null (other AdditionalFiles are not read).</summary>
    public static TopologyFile? Read(AdditionalText text, EquatableArray<string> requested, CancellationToken cancellationToken)
    {
        if (!requested.Any(name => Matches(text.Path, name)))
        {
            return null;
        }

        SourceText? source = text.GetText(cancellationToken);
        if (source is null)
        {
            return Problem(text.Path, null, FileProblemKind.Malformed, 0, "the compiler could not read the file");
        }

        var reader = new MatrixMarketReader(new StringReader(source.ToString()));
        try
        {
            MatrixMarketHeader header = reader.ReadHeader();

            // Every size of the header against its limit before anything is allocated (the CSR row offsets are as
            // long as the rows; the entry arrays grow with the entries read).
            if (header.Rows > Limits.MaxLayerSize || header.Columns > Limits.MaxLayerSize)
            {
                return Problem(text.Path, source, FileProblemKind.TooManyUnits, header.SizeLine,
                    $"{header.Rows.ToString(CultureInfo.InvariantCulture)} x {header.Columns.ToString(CultureInfo.InvariantCulture)}");
            }

            if (header.Entries > Limits.MaxFileEdges)
            {
                return Problem(text.Path, source, FileProblemKind.TooLarge, header.SizeLine,
                    $"{header.Entries.ToString(CultureInfo.InvariantCulture)} edges ({header.Rows} x {header.Columns})");
            }

            if (header.Entries == 0)
            {
                return Problem(text.Path, source, FileProblemKind.Malformed, header.SizeLine, "the file holds no entry, which would be a layer without an edge");
            }

            MatrixMarketMatrix matrix = reader.ReadEntries(header, cancellationToken);
            if (matrix.FirstLineWithoutValue > 0)
            {
                return Problem(text.Path, source, FileProblemKind.Malformed, matrix.FirstLineWithoutValue,
                    $"this entry has no value but others have; in a{(header.Field == MatrixMarketField.Integer ? "n integer" : " real")} file every entry carries a value (the layer's initial weights) or none does");
            }

            int[]? shifts = TopologyData.RotationShifts(header.Columns, header.Rows, matrix.RowOffsets, matrix.ColumnIndices);
            return new TopologyFile(text.Path, new TopologyData(text.Path, header.Columns, header.Rows, matrix.RowOffsets, matrix.ColumnIndices, matrix.Values, shifts), null);
        }
        catch (MatrixMarketException e)
        {
            return Problem(text.Path, source, e.Problem == MatrixMarketProblem.Malformed ? FileProblemKind.Malformed : FileProblemKind.Edge, e.Line, e.What);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never an exception out of the generator: a reader bug costs only the models that read this file.
            return Problem(text.Path, source, FileProblemKind.Malformed, 0, $"SparseGen could not read it ({Failure.Describe(e)}); this is a SparseGen bug, please report it with the file");
        }
    }

    private static TopologyFile Problem(string path, SourceText? source, FileProblemKind kind, int line, string what) =>
        new(path, null, new FileProblem(kind, source is null ? new SourceSite(path, default, default) : SourceSite.Line(path, source, line), line, what));

    private static string Normalize(string path) => path.Replace('\\', '/');
}
