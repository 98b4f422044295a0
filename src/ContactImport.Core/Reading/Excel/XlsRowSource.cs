using System.Runtime.CompilerServices;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace ContactImport.Core.Reading.Excel;

/// <summary>Streams the data records of an .xls (BIFF) sheet through ExcelDataReader; each enumeration opens the file afresh.</summary>
internal sealed class XlsRowSource(string path, FileInspection inspection) : IRowSource
{
    private sealed record XlsSheet(string Name, bool Visible);

    public FileInspection Inspection { get; } = inspection;

    public static FileInspection Inspect(string path, ReadOptions options)
    {
        using var stream = File.OpenRead(path);
        using var reader = Open(stream);
        var sheets = new List<XlsSheet>();
        do
        {
            sheets.Add(new XlsSheet(reader.Name ?? $"Sheet{sheets.Count + 1}", reader.VisibleState is null or "visible"));
        }
        while (reader.NextResult());

        var sheet = SheetChoice.Choose(sheets, options.Sheet, s => s.Name, s => s.Visible);
        reader.Reset();
        MoveTo(reader, sheets.IndexOf(sheet));
        return SheetRows.Inspect(FileFormat.Xls, [.. sheets.Select(s => s.Name)], sheet.Name, Rows(reader));
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(path);
        using var reader = Open(stream);
        while (!string.Equals(reader.Name, Inspection.Sheet, StringComparison.Ordinal) && reader.NextResult())
        {
        }

        var rows = SheetRows.DataRows(Rows(reader), Inspection);
        await foreach (var row in RowPacing.ReadAsync(rows, skipRows, cancellationToken))
        {
            yield return row;
        }
    }

    public void Dispose()
    {
        // Nothing is held between enumerations.
    }

    private static IExcelDataReader Open(Stream stream)
    {
        _ = TextEncodings.Utf8; // registers the code pages BIFF text needs
        try
        {
            return ExcelReaderFactory.CreateBinaryReader(stream);
        }
        catch (InvalidPasswordException)
        {
            throw new ImportFileException("The file is an encrypted (password-protected) Excel workbook; remove the password or save it as CSV.");
        }
        catch (Exception e) when (e is HeaderException or ExcelReaderException or InvalidDataException or NotSupportedException)
        {
            throw new ImportFileException($"The file is not a contact file: it looks like an old Office document that is not an Excel workbook ({e.Message}).");
        }
    }

    private static void MoveTo(IExcelDataReader reader, int index)
    {
        for (var i = 0; i < index; i++)
        {
            reader.NextResult();
        }
    }

    private static IEnumerable<SheetRow> Rows(IExcelDataReader reader)
    {
        long line = 0;
        var cells = new List<string>(64);
        while (reader.Read())
        {
            line++;
            cells.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                cells.Add(reader.GetValue(i) switch
                {
                    null => "",
                    string s => s,
                    double d => CellText.Number(d),
                    int n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    bool b => CellText.Boolean(b),
                    DateTime t => CellText.Date(t),
                    TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                    var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                });
            }

            var last = cells.FindLastIndex(c => c.Length > 0);
            if (last >= 0)
            {
                yield return new SheetRow(line, [.. cells.GetRange(0, last + 1)]);
            }
        }
    }
}
