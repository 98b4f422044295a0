using System.Runtime.CompilerServices;

namespace ContactImport.Core.Reading.VCard;

/// <summary>Streams the cards of a vCard file as rows; each enumeration reads the file afresh from the start.</summary>
internal sealed class VCardRowSource(Func<VCardReader> open, FileInspection inspection, VCardColumns columns) : IRowSource
{
    public FileInspection Inspection { get; } = inspection;

    public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = open();
        var builder = new VCardCardBuilder();
        var values = new VCardValues();
        long row = 0;
        while (reader.ReadCard(builder, values))
        {
            row++;
            if (await RowPacing.SkipAsync(row, skipRows, cancellationToken))
            {
                continue;
            }

            yield return values.Error is null
                ? new SourceRow(row, reader.CardLine, columns.Project(values))
                : new SourceRow(row, reader.CardLine, [], values.Error);
        }
    }

    public void Dispose()
    {
        // Nothing is held between enumerations: each one opens and closes the file itself.
    }
}
