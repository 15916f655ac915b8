using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using CsvHelper.Configuration;

namespace SparseGen;

/// <summary>
/// Reads a classification data set from a CSV file with a header row (CsvHelper): one column holds the class
/// label, every other column a numeric feature. Labels are strings; class indices follow the order of
/// <see cref="CsvOptions.Classes"/>, or the sorted distinct labels when none are given.
/// </summary>
public static class CsvDataset
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <returns>The data set and the class names, index <c>c</c> naming class <c>c</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> has an empty label column or delimiter, or
    /// <see cref="CsvOptions.Classes"/> has fewer than 2 names, an empty name or a name twice.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header lacks the label column or names a column twice, a row has
    /// another number of cells than the header, a feature cell is not a finite number, a label is empty or not one
    /// of <see cref="CsvOptions.Classes"/>, a cell holds a NUL character, the file holds no sample, or its labels
    /// name fewer than 2 classes; the message names the file, the line (1-based, where the record starts) and the column.</exception>
    public static (Dataset Data, IReadOnlyList<string> Classes) Load(string path, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumn, nameof(options));
        ArgumentException.ThrowIfNullOrEmpty(options.Delimiter, nameof(options));
        if (options.Classes is { } given && (given.Count < 2 || given.Any(string.IsNullOrEmpty) || given.Distinct(StringComparer.Ordinal).Count() != given.Count))
        {
            throw new ArgumentException($"The classes must be at least 2 distinct, non-empty names; got {string.Join(", ", given.Select(c => $"'{c}'"))}.", nameof(options));
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        int line = 1;
        try
        {
            return Read(path, options, csv, ref line);
        }
        catch (CsvHelperException e)
        {
            throw new InvalidDataException($"{path}: line {line}: the CSV cannot be parsed ({e.Message.Split('\n')[0].Trim()}).", e);
        }
    }

    private static (Dataset Data, IReadOnlyList<string> Classes) Read(string path, CsvOptions options, CsvReader csv, ref int line)
    {
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw Malformed(path, line, "the file has no header row");
        }

        line = StartLine(csv.Parser);
        CheckNoNul(path, line, header, header);
        if (header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw Malformed(path, line, $"column '{repeated.Key}' appears twice in the header");
        }

        int labelColumn = Array.IndexOf(header, options.LabelColumn);
        if (labelColumn < 0)
        {
            throw Malformed(path, line, $"no column '{options.LabelColumn}' for the labels; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}");
        }

        if (header.Length < 2)
        {
            throw Malformed(path, line, $"the file has no feature column besides '{options.LabelColumn}'");
        }

        var features = new List<float>();
        var labelTexts = new List<string>();
        var labelLines = new List<int>();
        while (csv.Read())
        {
            line = StartLine(csv.Parser);
            string[] cells = csv.Parser.Record ?? [];
            CheckNoNul(path, line, header, cells);
            if (cells.Length != header.Length)
            {
                throw Malformed(path, line, $"{cells.Length} cells, but the header has {header.Length} columns");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                if (c == labelColumn)
                {
                    string label = cells[c].Trim();
                    labelTexts.Add(label.Length > 0 ? label : throw Malformed(path, line, header[c], $"the label is empty"));
                    labelLines.Add(line);
                }
                else if (float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
                {
                    features.Add(value);
                }
                else
                {
                    throw Malformed(path, line, header[c], $"'{cells[c]}' is not a finite number");
                }
            }
        }

        if (labelTexts.Count == 0)
        {
            throw new InvalidDataException($"{path}: the file holds no sample, only a header.");
        }

        IReadOnlyList<string> classes = options.Classes ?? labelTexts.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Count; c++)
        {
            index[classes[c]] = c;
        }

        var labels = new int[labelTexts.Count];
        for (int s = 0; s < labels.Length; s++)
        {
            if (!index.TryGetValue(labelTexts[s], out labels[s]))
            {
                throw Malformed(path, labelLines[s], options.LabelColumn, $"unknown label '{labelTexts[s]}'; the classes are {string.Join(", ", classes.Select(c => $"'{c}'"))}");
            }
        }

        if (classes.Count < 2)
        {
            throw new InvalidDataException($"{path}: the labels name {classes.Count} class; classification needs at least 2.");
        }

        return (new Dataset(features.ToArray(), header.Length - 1, labels, classes.Count), classes);
    }

    /// <summary>The line where the record just read starts: its last line less the line breaks inside it.</summary>
    private static int StartLine(IParser parser)
    {
        string raw = parser.RawRecord;
        int breaks = 0;
        for (int k = 0; k < raw.Length; k++)
        {
            if (raw[k] == '\n' || (raw[k] == '\r' && (k + 1 == raw.Length || raw[k + 1] != '\n')))
            {
                breaks++;
            }
        }

        bool endsWithBreak = raw.Length > 0 && raw[^1] is '\n' or '\r';
        return parser.RawRow - breaks + (endsWithBreak ? 1 : 0);
    }

    private static void CheckNoNul(string path, int line, string[] header, string[] cells)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            if (cells[c].Contains('\0'))
            {
                throw Malformed(path, line, c < header.Length ? header[c] : (c + 1).ToString(CultureInfo.InvariantCulture), $"the cell holds a NUL character; a CSV file is text");
            }
        }
    }

    private static InvalidDataException Malformed(string path, int line, string what) => new($"{path}: line {line}: {what}.");

    private static InvalidDataException Malformed(string path, int line, string column, string what) => new($"{path}: line {line}, column '{column}': {what}.");
}

/// <summary>How <see cref="CsvDataset"/> reads a file.</summary>
/// <param name="LabelColumn">The header name of the label column.</param>
/// <param name="Classes">The class names in index order; null takes the sorted distinct labels of the file. Give them to read a test split with the training split's classes.</param>
/// <param name="Delimiter">The cell delimiter.</param>
public sealed record CsvOptions(string LabelColumn, IReadOnlyList<string>? Classes = null, string Delimiter = ",");
