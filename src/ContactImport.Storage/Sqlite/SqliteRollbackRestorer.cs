using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace ContactImport.Storage.Sqlite;

/// <summary>
/// A rollback's restores on SQLite: one query reads the page (restore_page.sql), then prepared statements
/// (<see cref="KeyAwareUpdate"/>) write each before-image back in the same pass — SQLite runs in this process, so a
/// statement per contact costs no round trip; preparing it per contact did (most of the time).
/// SQLite checks unique keys row by row, so a restore whose key another restore of the page gives back first is
/// tried again after the others, until nothing more can be restored.
/// </summary>
internal sealed class SqliteRollbackRestorer : IRollbackRestorer
{
    public async Task<RestorePage> RestorePageAsync(DbConnection connection, DbTransaction tx, long companyId,
        Guid importId, long after, int limit, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var pending = new List<(StoredContact Before, int Expected)>();
        var conflicts = new List<long>();
        long? last = null;
        await using (var cmd = sqlite.CreateCommand())
        {
            cmd.Transaction = (SqliteTransaction)tx;
            cmd.CommandText = SqlText.Get(SqliteDatabase.Dialect, "restore_page");
            cmd.Parameters.AddWithValue("@import", importId.ToString("D"));
            cmd.Parameters.AddWithValue("@company", companyId);
            cmd.Parameters.AddWithValue("@after", after);
            cmd.Parameters.AddWithValue("@limit", limit);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            var import = importId.ToString("D");
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                last = id;
                if (reader.IsDBNull(3) || (!reader.IsDBNull(4) && reader.GetString(4) == import))
                {
                    continue; // deleted since (or by this rollback: inserted by the import, then updated by it)
                }

                var expected = reader.GetInt32(2);
                if (reader.GetInt32(3) != expected)
                {
                    conflicts.Add(id);
                    continue;
                }

                pending.Add((ContactJson.SnapshotFromJson(id, reader.GetString(1)), expected));
            }
        }

        var restored = 0;
        using var restore = new KeyAwareUpdate(sqlite, SqlText.Get(SqliteDatabase.Dialect, "restore_before_image"), companyId);
        while (pending.Count > 0)
        {
            var blocked = new List<(StoredContact Before, int Expected)>();
            foreach (var (before, expected) in pending)
            {
                if (restore.Execute(before.Id, before.Values, before.ImportedFrom, before.CreatedAt, before.UpdatedAt, expected + 1,
                        expected) == 1)
                {
                    restored++;
                }
                else
                {
                    blocked.Add((before, expected));
                }
            }

            if (blocked.Count == pending.Count)
            {
                conflicts.AddRange(blocked.Select(b => b.Before.Id));
                break;
            }

            pending = blocked;
        }

        conflicts.Sort();
        return new RestorePage(last, restored, conflicts);
    }
}
