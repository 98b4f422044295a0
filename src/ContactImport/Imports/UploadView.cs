using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using ContactImport.Storage;
using ContactImport.Workers;

namespace ContactImport.Imports;

/// <summary>
/// What the upload page shows of a file as read: the upload response and the preview of another sheet share it,
/// so the page treats both the same.
/// </summary>
public static class UploadView
{
    public static ImportJson.Upload Upload(ImportRecord record, FileInspection inspection) => new(
        record.Id, record.Status.ToWire(), record.FileName, record.SizeBytes, FormatName(inspection.Format),
        inspection.EncodingName, SeparatorOf(inspection), inspection.Sheets, inspection.Sheet, inspection.Headers,
        Suggested(inspection.Headers), inspection.Preview, inspection.TotalRows, inspection.SkippedRecords,
        inspection.Warnings);

    public static ImportJson.SheetPreview Preview(Guid importId, FileInspection inspection) => new(
        importId, FormatName(inspection.Format), inspection.Sheets, inspection.Sheet, inspection.Headers,
        Suggested(inspection.Headers), inspection.Preview, inspection.TotalRows, inspection.SkippedRecords,
        inspection.Warnings);

    public static string FormatName(FileFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>Only a text file has a separator; a workbook, a vCard or NDJSON gets null rather than a default.</summary>
    public static string? SeparatorOf(FileInspection inspection) =>
        inspection.Format == FileFormat.Csv ? inspection.Separator.ToString() : null;

    private static Dictionary<string, string> Suggested(IReadOnlyList<string> headers) =>
        HeaderMapper.Suggest(headers)
            .GroupBy(b => b.Header, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ContactFieldNames.ToName(g.First().Field), StringComparer.Ordinal);

    /// <summary>
    /// Reads the stored upload again with other read options (another sheet, a forced encoding). The readers need a
    /// file they can seek in, so it is copied to the process's scratch folder for the inspection and deleted after.
    /// Null when the upload is no longer stored.
    /// </summary>
    public static async Task<FileInspection?> InspectStoredAsync(Store store, ProcessScratch scratch, Guid importId,
        ReadOptions options, CancellationToken ct)
    {
        var path = scratch.NewFile($"inspect-{importId:N}", ".upload");
        try
        {
            await using (var file = File.Create(path))
            {
                if (!await store.Uploads.ReadAsync(importId, file, ct))
                {
                    return null;
                }
            }

            return ContactFileReader.Inspect(path, options);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
