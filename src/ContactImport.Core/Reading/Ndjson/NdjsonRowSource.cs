using System.Runtime.CompilerServices;

namespace ContactImport.Core.Reading.Ndjson;

/// <summary>Streams the objects of an NDJSON file as rows; each enumeration reads the file afresh from the start.</summary>
internal sealed class NdjsonRowSource(Func<NdjsonLines> open, FileInspection inspection, int maxRecordBytes) : IRowSource
{
    private readonly Dictionary<string, int> _columns = inspection.Headers
        .Select((h, i) => (h, i))
        .GroupBy(p => p.h, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

    public FileInspection Inspection { get; } = inspection;

    public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = open();
        var members = new List<KeyValuePair<string, string>>();
        long row = 0;
        while (lines.Next())
        {
            row++;
            if (await RowPacing.SkipAsync(row, skipRows, cancellationToken))
            {
                continue;
            }

            yield return ToRow(row, lines, members);
        }
    }

    public void Dispose()
    {
        // Nothing is held between enumerations: each one opens and closes the file itself.
    }

    private SourceRow ToRow(long row, NdjsonLines lines, List<KeyValuePair<string, string>> members)
    {
        if (lines.IsOversize)
        {
            return new SourceRow(row, lines.LineNumber, [], $"the line is larger than the record limit of {maxRecordBytes:N0} bytes");
        }

        var error = NdjsonRecord.Parse(lines.Line, members);
        if (error is not null)
        {
            return new SourceRow(row, lines.LineNumber, [], error);
        }

        var fields = new string[Inspection.Headers.Count];
        Array.Fill(fields, string.Empty);
        foreach (var (key, value) in members)
        {
            if (_columns.TryGetValue(key, out var index))
            {
                fields[index] = value;
            }
        }

        return new SourceRow(row, lines.LineNumber, fields);
    }
}
