using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Reports;

namespace ContactImport.Storage.Sql;

/// <summary>The findings of an import's rows (errors and warnings) as stored in <c>import_errors</c> (both dialects).</summary>
internal static class ImportErrorRows
{
    /// <summary>Error reports keep at most 10,000 characters of a value (a 10 MB field stays out of the database).</summary>
    internal static string? Truncate(string? value) =>
        value is { Length: > 10_000 } ? value[..10_000] + "…" : value;

    /// <summary>The stored <c>level</c> (CHECK: <c>error</c> or <c>warning</c>).</summary>
    internal static FindingLevel ParseLevel(string level) => level == "warning" ? FindingLevel.Warning : FindingLevel.Error;

    /// <summary>Portable insert of a row's findings (failures or warnings), one prepared command reused.</summary>
    internal static async Task InsertAsync(SqlDatabase db, DbConnection connection, DbTransaction tx, Guid importId,
        IReadOnlyList<FailedRow> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0)
        {
            return;
        }

        await using var cmd = db.Command(connection, tx,
            "INSERT INTO import_errors (import_id, row_number, line_number, column_name, value, reason, raw, level) " +
            "VALUES (@import, @row, @line, @column, @value, @reason, @raw, @level)",
            ("import", importId), ("row", 0L), ("line", 0L), ("column", ""), ("value", ""), ("reason", ""), ("raw", ""),
            ("level", ""));
        foreach (var f in failures)
        {
            cmd.Parameters[1].Value = f.Error.Row;
            cmd.Parameters[2].Value = f.Error.Line;
            cmd.Parameters[3].Value = (object?)f.Error.Column ?? DBNull.Value;
            cmd.Parameters[4].Value = (object?)Truncate(f.Error.Value) ?? DBNull.Value;
            cmd.Parameters[5].Value = f.Error.Reason;
            cmd.Parameters[6].Value = ContactJson.Serialize(f.Raw.Select(v => Truncate(v)).ToArray());
            cmd.Parameters[7].Value = ErrorReport.LevelName(f.Error.Level);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
