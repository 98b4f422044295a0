using System.Runtime.CompilerServices;
using System.Text;

namespace ContactImport.Core.Reading;

/// <summary>Streams the data records of a CSV file; each enumeration reads the file afresh from the start.</summary>
internal sealed class CsvRowSource(CsvLayout layout, FileInspection inspection, int maxRecordBytes) : IRowSource
{
    private readonly Encoding _fieldEncoding = layout.FieldEncoding(TextEncodings.Resolve(inspection.EncodingName));

    public FileInspection Inspection { get; } = inspection;

    public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var parser = layout.CreateParser(maxRecordBytes);
        for (var i = 0L; i <= Inspection.SkippedRecords; i++)
        {
            if (!parser.ReadRecord())
            {
                yield break; // a preamble and the header
            }
        }

        var expected = Inspection.Headers.Count;
        long row = 0;
        while (parser.ReadRecord())
        {
            row++;
            if (await RowPacing.SkipAsync(row, skipRows, cancellationToken))
            {
                continue;
            }

            var count = parser.IsOversize ? 0 : parser.FieldCount;
            var fields = new string[count == Inspection.ShortRowWidth ? expected : count];
            for (var i = 0; i < count; i++)
            {
                fields[i] = ContactFileReader.Decode(_fieldEncoding, parser.Field(i));
            }

            for (var i = count; i < fields.Length; i++)
            {
                fields[i] = string.Empty;
            }

            var error = parser.Error
                ?? (fields.Length != expected ? $"expected {expected} fields, found {fields.Length}" : null);
            yield return new SourceRow(row, parser.StartLine, fields, error);
        }
    }

    public void Dispose()
    {
        // Nothing is held between enumerations: each one opens and closes the file itself.
    }
}
