using System.Data.Common;
using ContactImport.Core.Imports;

namespace ContactImport.Storage.Sql;

/// <summary>
/// Erasure of a person (<see cref="IContactStore.EraseAsync"/>): the contacts found by id or key, then every table
/// that may hold their key values ("needles": e-mail, phone as written and as E.164, external id), in one
/// transaction. A table another area adds joins by one more entry in <see cref="Steps"/>.
/// </summary>
internal static class SqlContactErasure
{
    /// <summary>One table's erasure: SQL run once per needle with <c>@company</c>, <c>@needle</c> (a contains-pattern
    /// for the dialect's case-insensitive LIKE, see <c>{like}</c>) and <c>@exact</c> (the value itself).</summary>
    private sealed record Step(string Name, string Sql);

    private static readonly string Finished = string.Join(", ",
        Enum.GetValues<ImportStatus>().Where(s => s.IsFinal()).Select(s => $"'{s.ToWire()}'"));

    private static readonly Step[] Steps =
    [
        // Before-images are the contact as it was: a person whose key moved to another contact is in that one's.
        new("before_images", "DELETE FROM contact_changes WHERE company_id = @company AND CAST(before AS TEXT) {like} @needle"),
        // Error rows keep the file's cells (raw, a JSON array) and the failing value; the company is the import's.
        new("error_rows",
            "DELETE FROM import_errors WHERE import_id IN (SELECT id FROM imports WHERE company_id = @company) " +
            "AND (value = @exact OR raw {like} @needle)"),
        new("notifications",
            "DELETE FROM notifications WHERE company_id = @company AND (title {like} @needle OR body {like} @needle)"),
        // Finished jobs keep their payload only as a record (a notify job's recipient, an import's options).
        new("job_payloads",
            "UPDATE jobs SET payload = NULL WHERE company_id = @company AND state IN ('done', 'failed') " +
            "AND payload {like} @needle"),
        // update-where's before-images, and stored bulk responses (replayed for 24 h) that may quote a value.
        new("change_set_images",
            "DELETE FROM change_set_contacts WHERE company_id = @company " +
            "AND (email = @exact OR phone = @exact OR phone_e164 = @exact OR external_id = @exact)"),
        new("idempotency_records", "DELETE FROM idempotency_keys WHERE company_id = @company AND body {like} @needle"),
    ];

    public static async Task<ErasureReport?> EraseAsync(SqlDatabase db, long companyId, ErasureTarget target,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var (ids, needles) = await FindAsync(db, connection, tx, companyId, target, cancellationToken);
        if (target.ContactId is { } wanted && !ids.Contains(wanted))
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var beforeImages = ids.Count == 0 ? 0 : await db.ExecuteAsync(connection, tx,
            $"DELETE FROM contact_changes WHERE company_id = @company AND contact_id {db.InIds("@ids")}", cancellationToken,
            ("company", companyId), ("ids", ids.ToArray()));
        foreach (var step in Steps)
        {
            var sql = step.Sql.Replace("{like}", db.LikeOperator, StringComparison.Ordinal);
            foreach (var needle in needles)
            {
                counts[step.Name] = counts.GetValueOrDefault(step.Name) + await db.ExecuteAsync(connection, tx, sql,
                    cancellationToken, ("company", companyId), ("needle", db.ContainsPattern(needle)), ("exact", needle));
            }
        }

        // An upload is a file (CSV, a zipped workbook, …): not searchable for a key, so every held upload of the
        // company's finished imports goes; an unfinished import still needs its file.
        var finishedUploads = "SELECT id FROM imports WHERE company_id = @company AND status IN (" + Finished + ")";
        var uploadsPurged = Convert.ToInt32(await db.ScalarAsync(connection, tx,
            $"SELECT COUNT(DISTINCT import_id) FROM upload_chunks WHERE import_id IN ({finishedUploads})", cancellationToken,
            ("company", companyId)));
        await db.ExecuteAsync(connection, tx, $"DELETE FROM upload_chunks WHERE import_id IN ({finishedUploads})",
            cancellationToken, ("company", companyId));
        var uploadsKept = Convert.ToInt32(await db.ScalarAsync(connection, tx,
            "SELECT COUNT(DISTINCT import_id) FROM upload_chunks WHERE import_id IN " +
            "(SELECT id FROM imports WHERE company_id = @company)", cancellationToken, ("company", companyId)));
        var contacts = ids.Count == 0 ? 0 : await db.ExecuteAsync(connection, tx,
            $"DELETE FROM contacts WHERE company_id = @company AND id {db.InIds("@ids")}", cancellationToken,
            ("company", companyId), ("ids", ids.ToArray()));
        if (ids.Count > 0)
        {
            await db.ExecuteAsync(connection, tx, db.Sql("search_forget"), cancellationToken, ("company", companyId),
                ("ids", ids.ToArray()));
        }

        await tx.CommitAsync(cancellationToken);
        // Idempotency records are not reported apart: they are copies of responses, gone within 24 h anyway.
        return new ErasureReport(contacts, beforeImages + counts["before_images"] + counts["change_set_images"],
            counts["error_rows"],
            uploadsPurged, uploadsKept, counts["notifications"], counts["job_payloads"]);
    }

    /// <summary>The contacts to erase and every key value that names the person.</summary>
    private static async Task<(List<long> Ids, List<string> Needles)> FindAsync(SqlDatabase db, DbConnection connection,
        DbTransaction tx, long companyId, ErasureTarget target, CancellationToken cancellationToken)
    {
        var needles = new List<string>();
        Add(needles, target.Email);
        Add(needles, target.PhoneKey);
        var ids = new List<long>();
        await using var cmd = db.Command(connection, tx,
            "SELECT id, email, phone, phone_e164, external_id FROM contacts WHERE company_id = @company " +
            "AND (id = @id OR email = @email OR phone_e164 = @phone)",
            ("company", companyId), ("id", target.ContactId ?? -1), ("email", target.Email ?? ""),
            ("phone", target.PhoneKey ?? ""));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
            for (var i = 1; i < 5; i++)
            {
                Add(needles, SqlDatabase.NullableString(reader, i));
            }
        }

        return (ids, needles);
    }

    private static void Add(List<string> needles, string? value)
    {
        value = value?.Trim();
        // Too short a value (an external id "7") would match unrelated rows; keys worth erasing are longer.
        if (value is { Length: >= 4 } && !needles.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            needles.Add(value);
            // E.164 is often written without its plus (4917…): an error row may hold either.
            if (value.StartsWith('+'))
            {
                Add(needles, value[1..]);
            }
        }
    }
}
