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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header lacks the label column, a row has another number of cells
    /// than the header, a feature cell is not a number, or a label is not one of <see cref="CsvOptions.Classes"/>;
    /// the message names the file, the row (1-based, the header is row 1) and the column.</exception>
    public static (Dataset Data, IReadOnlyList<string> Classes) Load(string path, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw new InvalidDataException($"{path}: row 1: the file has no header row.");
        }

        int labelColumn = Array.IndexOf(header, options.LabelColumn);
        if (labelColumn < 0)
        {
            throw new InvalidDataException($"{path}: row 1: no column '{options.LabelColumn}' for the labels; the header has {string.Join(", ", header.Select(h => $"'{h}'"))}.");
        }

        if (header.Length < 2)
        {
            throw new InvalidDataException($"{path}: row 1: the file has no feature column besides '{options.LabelColumn}'.");
        }

        var features = new List<float>();
        var labelTexts = new List<string>();
        while (csv.Read())
        {
            int row = csv.Parser.Row;
            string[] cells = csv.Parser.Record ?? [];
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path}: row {row}: {cells.Length} cells, but the header has {header.Length} columns.");
            }

            for (int c = 0; c < cells.Length; c++)
            {
                if (c == labelColumn)
                {
                    labelTexts.Add(cells[c].Trim());
                }
                else if (float.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value))
                {
                    features.Add(value);
                }
                else
                {
                    throw new InvalidDataException($"{path}: row {row}, column '{header[c]}': '{cells[c]}' is not a finite number.");
                }
            }
        }

        IReadOnlyList<string> classes = options.Classes ?? labelTexts.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>();
        for (int c = 0; c < classes.Count; c++)
        {
            index[classes[c]] = c;
        }

        var labels = new int[labelTexts.Count];
        for (int s = 0; s < labels.Length; s++)
        {
            if (!index.TryGetValue(labelTexts[s], out labels[s]))
            {
                throw new InvalidDataException($"{path}: row {s + 2}, column '{options.LabelColumn}': unknown label '{labelTexts[s]}'; the classes are {string.Join(", ", classes.Select(c => $"'{c}'"))}.");
            }
        }

        if (classes.Count < 2)
        {
            throw new InvalidDataException($"{path}: the labels name {classes.Count} class; classification needs at least 2.");
        }

        return (new Dataset(features.ToArray(), header.Length - 1, labels, classes.Count), classes);
    }
}

/// <summary>How <see cref="CsvDataset"/> reads a file.</summary>
/// <param name="LabelColumn">The header name of the label column.</param>
/// <param name="Classes">The class names in index order; null takes the sorted distinct labels of the file. Give them to read a test split with the training split's classes.</param>
/// <param name="Delimiter">The cell delimiter.</param>
public sealed record CsvOptions(string LabelColumn, IReadOnlyList<string>? Classes = null, string Delimiter = ",");
