namespace ContactImport.Core.Reading.Excel;

/// <summary>What the workbook readers share: the pre-pass over a sheet's rows, and streaming them as data records.</summary>
internal static class SheetRows
{
    /// <summary>The pre-pass needs the cells of this many first rows (the header window and the preview); the rest it counts.</summary>
    public const int InspectedRows = HeaderRowFinder.Window + ContactFileReader.PreviewRows;

    public static FileInspection Inspect(FileFormat format, IReadOnlyList<string> sheets, string sheet, IEnumerable<SheetRow> rows)
    {
        var kept = new List<SheetRow>(InspectedRows);
        long count = 0;
        foreach (var row in rows)
        {
            count++;
            if (kept.Count < kept.Capacity)
            {
                kept.Add(row);
            }
        }

        if (count == 0)
        {
            throw new ImportFileException($"The sheet '{sheet}' is empty.");
        }

        // Trailing empty cells are dropped per row: compare rows at the window's full width.
        var width = kept.Max(r => r.Cells.Length);
        var padded = kept.Take(HeaderRowFinder.Window).Select(r => (IReadOnlyList<string>)Pad(r.Cells, width)).ToList();
        var headerIndex = HeaderRowFinder.Find(padded);
        var header = kept[headerIndex];
        var headers = header.Cells.Select(h => h.Trim()).ToArray();
        var total = count - headerIndex - 1;
        if (total == 0)
        {
            throw new ImportFileException($"The sheet '{sheet}' has a header row (row {header.Line}) but no data rows.");
        }

        var warnings = new List<string>(ContactFileReader.DuplicateHeaderWarnings(headers));
        if (header.Line > 1)
        {
            warnings.Insert(0, $"Skipped {header.Line - 1} row(s) before the header row on row {header.Line} of sheet '{sheet}'.");
        }

        return new FileInspection(
            format,
            TextEncodings.Utf8Name,
            ',',
            headers,
            total,
            kept.Skip(headerIndex + 1).Take(ContactFileReader.PreviewRows).Select(r => (IReadOnlyList<string>)Fit(r.Cells, headers.Length)).ToArray(),
            warnings)
        {
            SkippedRecords = headerIndex,
            HeaderLine = header.Line,
            Sheets = sheets,
            Sheet = sheet,
        };
    }

    /// <summary>The data records after the header row; a row with values beyond the header's columns is a row error.</summary>
    public static IEnumerable<SourceRow> DataRows(IEnumerable<SheetRow> rows, FileInspection inspection)
    {
        var width = inspection.Headers.Count;
        long row = 0;
        foreach (var sheetRow in rows)
        {
            if (sheetRow.Line <= inspection.HeaderLine)
            {
                continue;
            }

            row++;
            var cells = sheetRow.Cells;
            var error = cells.Length > width
                ? $"expected {width} fields, found values up to column {cells.Length}"
                : null;
            yield return new SourceRow(row, sheetRow.Line, Fit(cells, width), error);
        }
    }

    private static string[] Pad(string[] cells, int width)
    {
        if (cells.Length >= width)
        {
            return cells;
        }

        var padded = new string[width];
        cells.CopyTo(padded, 0);
        Array.Fill(padded, "", cells.Length, width - cells.Length);
        return padded;
    }

    private static string[] Fit(string[] cells, int width) => cells.Length > width ? cells : Pad(cells, width);
}
