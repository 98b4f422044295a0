using System.Runtime.CompilerServices;

namespace ContactImport.Core.Reading.Excel;

/// <summary>Streams the data records of an .xlsx sheet; each enumeration opens the workbook afresh.</summary>
internal sealed class XlsxRowSource(string path, FileInspection inspection) : IRowSource
{
    public FileInspection Inspection { get; } = inspection;

    public static FileInspection Inspect(string path, ReadOptions options)
    {
        using var workbook = XlsxWorkbook.Open(path);
        var sheet = workbook.Choose(options.Sheet);
        return SheetRows.Inspect(FileFormat.Xlsx, [.. workbook.Sheets.Select(s => s.Name)], sheet.Name,
            XlsxSheetReader.Rows(workbook, sheet, SheetRows.InspectedRows));
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var workbook = XlsxWorkbook.Open(path);
        var sheet = workbook.Choose(Inspection.Sheet);
        var rows = SheetRows.DataRows(XlsxSheetReader.Rows(workbook, sheet), Inspection);
        await foreach (var row in RowPacing.ReadAsync(rows, skipRows, cancellationToken))
        {
            yield return row;
        }
    }

    public void Dispose()
    {
        // Nothing is held between enumerations.
    }
}
