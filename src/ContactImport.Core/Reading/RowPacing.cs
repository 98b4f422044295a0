using System.Runtime.CompilerServices;

namespace ContactImport.Core.Reading;

/// <summary>
/// What every row source does between rows: file reads are synchronous and fast, so every 4,096 rows it checks for
/// cancellation and lets the consumer's continuations run; and a resume skips the rows before its checkpoint.
/// </summary>
internal static class RowPacing
{
    private const long Every = 0xFFF;

    /// <summary>Call once per row with its 1-based number; true when the row is to be skipped (resumed past it).</summary>
    public static ValueTask<bool> SkipAsync(long row, long skipRows, CancellationToken cancellationToken) =>
        (row & Every) == 0 ? PaceAsync(row, skipRows, cancellationToken) : new ValueTask<bool>(row <= skipRows);

    private static async ValueTask<bool> PaceAsync(long row, long skipRows, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        return row <= skipRows;
    }

    /// <summary>Streams already numbered rows (the workbook readers), paced and skipped as above.</summary>
    public static async IAsyncEnumerable<SourceRow> ReadAsync(IEnumerable<SourceRow> rows, long skipRows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            if (!await SkipAsync(row.Row, skipRows, cancellationToken))
            {
                yield return row;
            }
        }
    }
}
