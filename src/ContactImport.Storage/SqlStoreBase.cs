using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Storage;

/// <summary>
/// What both stores do the same way through ADO.NET: history, errors, rollback, contacts. The hot path
/// (look-up and bulk write of a batch) and the schema are per dialect. SQL here is portable and parameterized.
/// </summary>
public abstract partial class SqlStoreBase : IContactStore
{
    internal const string ContactColumns =
        "id, external_id, email, phone, phone_e164, first_name, last_name, company, job_title, city, country, " +
        "notes, tags, extra_emails, extra_phones, custom_fields, imported_from, created_at, updated_at, version";

    private const string ImportColumns =
        "id, company_id, file_name, size_bytes, format, encoding, separator, headers, mapping, options, status, " +
        "total, total_batches, inserted, updated, merged, unchanged, skipped, failed, rows_consumed, batches_done, " +
        "contacts_removed, contacts_restored, conflicts, conflict_ids, error, retry_of, created_by, file_path, created_at, " +
        "started_at, finished_at, duration_ms, deleted_at";

    private const int RollbackPage = 1000;

    public abstract string Kind { get; }

    public abstract int PreferredBatchSize { get; }

    /// <summary>Case-insensitive LIKE of the dialect.</summary>
    protected abstract string LikeOperator { get; }

    public abstract StoreErrorKind Classify(Exception exception);

    public abstract Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected internal abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Converts a CLR value to the dialect's representation (times, uuids, arrays of ids).</summary>
    protected internal abstract object ToDb(object? value);

    protected internal abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected internal abstract Guid ReadGuid(DbDataReader reader, int ordinal);

    /// <summary>SQL that holds a set of ids given as one parameter, e.g. <c>= ANY(@ids)</c>.</summary>
    protected internal abstract string InIds(string parameter);

    /// <summary>Applies the dialect's migrations; each runs once, in its own transaction.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using (var lockTx = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Lock first, then create: two processes migrating at once would otherwise race on the
            // CREATE TABLE IF NOT EXISTS itself (PostgreSQL raises a unique violation on its catalog).
            await LockMigrationsAsync(connection, lockTx, cancellationToken);
            await ExecuteAsync(connection, lockTx,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                cancellationToken);
            var applied = new HashSet<int>();
            await using (var cmd = Command(connection, lockTx, "SELECT version FROM schema_migrations"))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var current = applied.Count == 0 ? 0 : applied.Max();
            foreach (var (version, sql) in SqlText.Migrations(Kind))
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await ExecuteAsync(connection, lockTx, sql, cancellationToken);
                await ExecuteAsync(connection, lockTx,
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", cancellationToken,
                    ("v", version), ("at", DateTimeOffset.UtcNow.ToString("O")));
                current = version;
            }

            await lockTx.CommitAsync(cancellationToken);
            return current;
        }
    }

    /// <summary>Serializes concurrent migrators (PostgreSQL: advisory lock; SQLite: the write lock).</summary>
    protected virtual Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    public async Task<long> EnsureCompanyAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "INSERT INTO companies (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING",
            cancellationToken, ("name", name), ("now", DateTimeOffset.UtcNow));
        return Convert.ToInt64(await ScalarAsync(connection, null, "SELECT id FROM companies WHERE name = @name",
            cancellationToken, ("name", name)));
    }

    public async Task CreateImportAsync(ImportRecord r, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            $"INSERT INTO imports ({ImportColumns}) VALUES (@id, @company_id, @file_name, @size_bytes, @format, " +
            "@encoding, @separator, @headers, @mapping, @options, @status, @total, @total_batches, @inserted, @updated, " +
            "@merged, @unchanged, @skipped, @failed, @rows_consumed, @batches_done, @contacts_removed, " +
            "@contacts_restored, @conflicts, @conflict_ids, @error, @retry_of, @created_by, @file_path, @created_at, @started_at, " +
            "@finished_at, @duration_ms, @deleted_at)",
            cancellationToken, ImportParameters(r));
    }

    public async Task UpdateImportAsync(ImportRecord r, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null,
            "UPDATE imports SET file_name = @file_name, size_bytes = @size_bytes, format = @format, encoding = @encoding, " +
            "separator = @separator, headers = @headers, mapping = @mapping, options = @options, " +
            // A cancel requested through the API while a worker starts must not be overwritten by "running".
            "status = CASE WHEN status = 'cancelling' AND @status = 'running' THEN status ELSE @status END, " +
            "total = @total, total_batches = @total_batches, inserted = @inserted, updated = @updated, merged = @merged, " +
            "unchanged = @unchanged, skipped = @skipped, failed = @failed, rows_consumed = @rows_consumed, " +
            "batches_done = @batches_done, contacts_removed = @contacts_removed, contacts_restored = @contacts_restored, " +
            "conflicts = @conflicts, conflict_ids = @conflict_ids, error = @error, retry_of = @retry_of, created_by = @created_by, " +
            "file_path = @file_path, started_at = @started_at, finished_at = @finished_at, duration_ms = @duration_ms, " +
            "deleted_at = @deleted_at WHERE id = @id AND company_id = @company_id",
            cancellationToken, ImportParameters(r));
    }

    public async Task<ImportRecord?> GetImportAsync(long companyId, Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            $"SELECT {ImportColumns} FROM imports WHERE id = @id AND company_id = @company",
            ("id", importId), ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadImport(reader) : null;
    }

    public async Task<ImportPage> ListImportsAsync(long companyId, ImportQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("company_id = @company");
        var args = new List<(string, object?)> { ("company", companyId) };
        if (!query.IncludeDeleted)
        {
            where.Append(" AND deleted_at IS NULL");
        }

        if (query.Status is { } status)
        {
            where.Append(" AND status = @status");
            args.Add(("status", status.ToWire()));
        }

        if (query.From is { } from)
        {
            where.Append(" AND created_at >= @from");
            args.Add(("from", from));
        }

        if (query.To is { } to)
        {
            where.Append(" AND created_at < @to");
            args.Add(("to", to));
        }

        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var offset = (long)(Math.Max(1, query.Page) - 1) * pageSize;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var total = Convert.ToInt64(await ScalarAsync(connection, null, $"SELECT COUNT(*) FROM imports WHERE {where}",
            cancellationToken, [.. args]));
        args.Add(("limit", pageSize));
        args.Add(("offset", offset));
        await using var cmd = Command(connection, null,
            $"SELECT {ImportColumns} FROM imports WHERE {where} ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset",
            [.. args]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<ImportRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadImport(reader));
        }

        return new ImportPage(items, total);
    }

    public async Task<ImportSummary> SummarizeImportsAsync(long companyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT status, COUNT(*), SUM(total), SUM(inserted), SUM(updated), SUM(merged), SUM(unchanged), SUM(skipped), " +
            "SUM(failed) FROM imports WHERE company_id = @company AND deleted_at IS NULL GROUP BY status",
            ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var sums = new long[8];
        while (await reader.ReadAsync(cancellationToken))
        {
            byStatus[reader.GetString(0)] = reader.GetInt64(1);
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] += Convert.ToInt64(reader.GetValue(i + 1));
            }
        }

        return new ImportSummary(byStatus, sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]);
    }

    public async Task<bool> TransitionAsync(Guid importId, IReadOnlyCollection<ImportStatus> from, ImportStatus to,
        CancellationToken cancellationToken)
    {
        var names = from.Select((_, i) => "@from" + i).ToArray();
        var args = new List<(string, object?)> { ("id", importId), ("to", to.ToWire()) };
        args.AddRange(from.Select((s, i) => ("from" + i, (object?)s.ToWire())));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null,
            $"UPDATE imports SET status = @to WHERE id = @id AND status IN ({string.Join(", ", names)})",
            cancellationToken, [.. args]) == 1;
    }

    public async Task AddErrorsAsync(Guid importId, IReadOnlyList<FailedRow> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0)
        {
            return;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertErrorsAsync(connection, tx, importId, failures, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task ClearErrorsAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM import_errors WHERE import_id = @import", cancellationToken,
            ("import", importId));
    }

    /// <summary>Portable insert of failed rows, one prepared command reused.</summary>
    protected internal async Task InsertErrorsAsync(DbConnection connection, DbTransaction tx, Guid importId,
        IReadOnlyList<FailedRow> failures, CancellationToken cancellationToken)
    {
        if (failures.Count == 0)
        {
            return;
        }

        await using var cmd = Command(connection, tx,
            "INSERT INTO import_errors (import_id, row_number, line_number, column_name, value, reason, raw) " +
            "VALUES (@import, @row, @line, @column, @value, @reason, @raw)",
            ("import", importId), ("row", 0L), ("line", 0L), ("column", ""), ("value", ""), ("reason", ""), ("raw", ""));
        foreach (var f in failures)
        {
            cmd.Parameters[1].Value = f.Error.Row;
            cmd.Parameters[2].Value = f.Error.Line;
            cmd.Parameters[3].Value = (object?)f.Error.Column ?? DBNull.Value;
            cmd.Parameters[4].Value = (object?)Truncate(f.Error.Value) ?? DBNull.Value;
            cmd.Parameters[5].Value = f.Error.Reason;
            cmd.Parameters[6].Value = ContactJson.Serialize(f.Raw.Select(v => Truncate(v)).ToArray());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Error reports keep at most 10,000 characters of a value (a 10 MB field stays out of the database).</summary>
    internal static string? Truncate(string? value) =>
        value is { Length: > 10_000 } ? value[..10_000] + "…" : value;

    public async IAsyncEnumerable<ImportErrorRecord> ReadErrorsAsync(Guid importId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT row_number, line_number, column_name, value, reason, raw FROM import_errors " +
            "WHERE import_id = @import ORDER BY row_number, id", ("import", importId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var raw = reader.IsDBNull(5) ? [] : ContactJson.Deserialize<string[]>(reader.GetString(5)) ?? [];
            yield return new ImportErrorRecord(reader.GetInt64(0), reader.GetInt64(1), NullableString(reader, 2),
                NullableString(reader, 3), reader.GetString(4), raw);
        }
    }

    public async Task<IReadOnlyList<BatchTiming>> GetBatchTimingsAsync(Guid importId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            "SELECT batch, rows, elapsed_ms, finished_at FROM import_batches WHERE import_id = @import ORDER BY batch, finished_at",
            ("import", importId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<BatchTiming>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new BatchTiming(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), ReadTime(reader, 3)));
        }

        return list;
    }

    /// <summary>
    /// Rollback in pages, each in its own transaction: inserted contacts are deleted unless their version moved
    /// past what this import wrote; updated/merged ones get their first before-image back under the same check.
    /// </summary>
    public async Task<RollbackResult> RollbackAsync(long companyId, Guid importId, CancellationToken cancellationToken)
    {
        long removed = 0, restored = 0;
        var conflicts = new List<long>();
        await using var connection = await OpenConnectionAsync(cancellationToken);

        for (long after = 0; ;)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = new List<(long Id, int Version, int Expected)>();
            await using (var cmd = Command(connection, tx, SqlText.Get(Kind, "rollback_inserted"),
                ("import", importId), ("company", companyId), ("after", after), ("limit", RollbackPage)))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2)));
                }
            }

            if (page.Count == 0)
            {
                break;
            }

            var deletable = page.Where(p => p.Version == p.Expected).Select(p => p.Id).ToArray();
            conflicts.AddRange(page.Where(p => p.Version != p.Expected).Select(p => p.Id));
            if (deletable.Length > 0)
            {
                removed += await ExecuteAsync(connection, tx,
                    $"DELETE FROM contacts WHERE company_id = @company AND id {InIds("@ids")}", cancellationToken,
                    ("company", companyId), ("ids", deletable));
            }

            await tx.CommitAsync(cancellationToken);
            after = page[^1].Id;
        }

        for (long after = 0; ;)
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var page = new List<(long ContactId, string Before, int Expected, int? Current, Guid? ImportedFrom)>();
            await using (var cmd = Command(connection, tx,
                "SELECT g.contact_id, first.before, g.last_version, c.version, c.imported_from FROM (" +
                "SELECT contact_id, MIN(id) AS first_id, MAX(version_after) AS last_version FROM contact_changes " +
                "WHERE import_id = @import AND company_id = @company AND contact_id > @after " +
                "GROUP BY contact_id ORDER BY contact_id LIMIT @limit) g " +
                "JOIN contact_changes first ON first.id = g.first_id " +
                "LEFT JOIN contacts c ON c.id = g.contact_id ORDER BY g.contact_id",
                ("import", importId), ("company", companyId), ("after", after), ("limit", RollbackPage)))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2),
                        reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.IsDBNull(4) ? null : ReadGuid(reader, 4)));
                }
            }

            if (page.Count == 0)
            {
                break;
            }

            var restore = new List<(StoredContact Before, int Expected)>();
            foreach (var p in page)
            {
                if (p.Current is null || p.ImportedFrom == importId)
                {
                    continue; // deleted above (inserted by this import) or erased since
                }

                if (p.Current != p.Expected)
                {
                    conflicts.Add(p.ContactId);
                    continue;
                }

                restore.Add((ContactJson.SnapshotFromJson(p.ContactId, p.Before), p.Expected));
            }

            restored += await RestoreContactsAsync(connection, tx, companyId, restore, conflicts, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            after = page[^1].ContactId;
        }

        // Before-images are personal data: once rolled back they have no further use.
        await ExecuteAsync(connection, null, "DELETE FROM contact_changes WHERE import_id = @import AND company_id = @company",
            cancellationToken, ("import", importId), ("company", companyId));
        return new RollbackResult(removed, restored, conflicts.Count, conflicts);
    }

    /// <summary>
    /// Writes before-images back where the version is still the one the import left. A before-image whose
    /// e-mail or external_id another contact owns by now (taken after the import freed it) is not restored:
    /// that contact is left alone and counted as a conflict, like one changed since. Restores that free a key
    /// for another restore of the same page go first (repeated until nothing more can be restored).
    /// </summary>
    private async Task<long> RestoreContactsAsync(DbConnection connection, DbTransaction tx, long companyId,
        IReadOnlyList<(StoredContact Before, int Expected)> restore, List<long> conflicts, CancellationToken cancellationToken)
    {
        long count = 0;
        var pending = restore.ToList();
        while (pending.Count > 0)
        {
            var blocked = new List<(StoredContact Before, int Expected)>();
            foreach (var item in pending)
            {
                if (await KeyTakenAsync(connection, tx, companyId, item.Before, cancellationToken))
                {
                    blocked.Add(item);
                    continue;
                }

                var (before, expected) = item;
                var args = ContactParameters(companyId, before.Values, before.ImportedFrom, before.CreatedAt,
                    before.UpdatedAt, before.Version).ToList();
                args.Add(("id", before.Id));
                args.Add(("expected", expected));
                count += await ExecuteAsync(connection, tx,
                    SqlText.Get(Kind, "restore_contact"),
                    cancellationToken, [.. args]);
            }

            if (blocked.Count == pending.Count)
            {
                conflicts.AddRange(blocked.Select(b => b.Before.Id));
                break;
            }

            pending = blocked;
        }

        return count;
    }

    /// <summary>Does another contact of the company own the e-mail or external_id of <paramref name="before"/>?</summary>
    private async Task<bool> KeyTakenAsync(DbConnection connection, DbTransaction tx, long companyId, StoredContact before,
        CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var args = new List<(string, object?)> { ("company", companyId), ("id", before.Id) };
        if (before.Values.Email is { } email)
        {
            keys.Add("email = @email");
            args.Add(("email", email));
        }

        if (before.Values.ExternalId is { } externalId)
        {
            keys.Add("external_id = @external_id");
            args.Add(("external_id", externalId));
        }

        if (keys.Count == 0)
        {
            return false;
        }

        var owners = Convert.ToInt64(await ScalarAsync(connection, tx,
            $"SELECT COUNT(*) FROM contacts WHERE company_id = @company AND id <> @id AND ({string.Join(" OR ", keys)})",
            cancellationToken, [.. args]));
        return owners > 0;
    }

    public async Task<ContactPage> ListContactsAsync(long companyId, string? search, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var where = "company_id = @company";
        var args = new List<(string, object?)> { ("company", companyId) };
        if (!string.IsNullOrWhiteSpace(search))
        {
            where += $" AND (email {LikeOperator} @q OR first_name {LikeOperator} @q OR last_name {LikeOperator} @q " +
                     $"OR company {LikeOperator} @q OR phone {LikeOperator} @q)";
            args.Add(("q", "%" + search.Trim().Replace("%", "", StringComparison.Ordinal) + "%"));
        }

        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var total = Convert.ToInt64(await ScalarAsync(connection, null, $"SELECT COUNT(*) FROM contacts WHERE {where}",
            cancellationToken, [.. args]));
        args.Add(("limit", pageSize));
        args.Add(("offset", (long)(Math.Max(1, page) - 1) * pageSize));
        await using var cmd = Command(connection, null,
            $"SELECT {ContactColumns} FROM contacts WHERE {where} ORDER BY id LIMIT @limit OFFSET @offset", [.. args]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<StoredContact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadContact(reader));
        }

        return new ContactPage(items, total);
    }

    public async IAsyncEnumerable<StoredContact> ReadContactsAsync(long companyId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            $"SELECT {ContactColumns} FROM contacts WHERE company_id = @company ORDER BY id", ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadContact(reader);
        }
    }

    public async Task<StoredContact?> GetContactAsync(long companyId, long contactId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var cmd = Command(connection, null,
            $"SELECT {ContactColumns} FROM contacts WHERE company_id = @company AND id = @id",
            ("company", companyId), ("id", contactId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadContact(reader) : null;
    }

    public async Task<bool> DeleteContactAsync(long companyId, long contactId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, "DELETE FROM contact_changes WHERE company_id = @company AND contact_id = @id",
            cancellationToken, ("company", companyId), ("id", contactId));
        var deleted = await ExecuteAsync(connection, tx, "DELETE FROM contacts WHERE company_id = @company AND id = @id",
            cancellationToken, ("company", companyId), ("id", contactId));
        await tx.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>The named values of a contact row, shared by inserts, updates and restores.</summary>
    protected internal static IEnumerable<(string, object?)> ContactParameters(long companyId, ContactValues v,
        Guid? importedFrom, DateTimeOffset createdAt, DateTimeOffset updatedAt, int version) =>
    [
        ("company", companyId), ("external_id", v.ExternalId), ("email", v.Email), ("phone", v.Phone),
        ("phone_e164", v.PhoneKey), ("first_name", v.FirstName), ("last_name", v.LastName),
        ("company_name", v.Company), ("job_title", v.JobTitle), ("city", v.City), ("country", v.Country),
        ("notes", v.Notes), ("tags", ContactJson.ListToJson(v.Tags)), ("extra_emails", ContactJson.ListToJson(v.ExtraEmails)),
        ("extra_phones", ContactJson.ListToJson(v.ExtraPhones)), ("custom_fields", ContactJson.CustomToJson(v.Custom)),
        ("imported_from", importedFrom), ("created_at", createdAt), ("updated_at", updatedAt), ("version", version),
    ];

    /// <summary>Reads a row selected with <see cref="ContactColumns"/>.</summary>
    protected internal StoredContact ReadContact(DbDataReader r)
    {
        var values = new ContactValues
        {
            ExternalId = NullableString(r, 1),
            Email = NullableString(r, 2),
            Phone = NullableString(r, 3),
            PhoneKey = NullableString(r, 4),
            FirstName = NullableString(r, 5),
            LastName = NullableString(r, 6),
            Company = NullableString(r, 7),
            JobTitle = NullableString(r, 8),
            City = NullableString(r, 9),
            Country = NullableString(r, 10),
            Notes = NullableString(r, 11),
            Tags = ContactJson.ListFromJson(NullableString(r, 12)),
            ExtraEmails = ContactJson.ListFromJson(NullableString(r, 13)),
            ExtraPhones = ContactJson.ListFromJson(NullableString(r, 14)),
            Custom = ContactJson.CustomFromJson(NullableString(r, 15)),
        };
        return new StoredContact(r.GetInt64(0), values, r.IsDBNull(16) ? null : ReadGuid(r, 16), ReadTime(r, 17),
            ReadTime(r, 18), r.GetInt32(19));
    }

    private ImportRecord ReadImport(DbDataReader r) => new()
    {
        Id = ReadGuid(r, 0),
        CompanyId = r.GetInt64(1),
        FileName = r.GetString(2),
        SizeBytes = r.GetInt64(3),
        Format = r.GetString(4),
        Encoding = NullableString(r, 5),
        Separator = NullableString(r, 6),
        Headers = NullableString(r, 7),
        Mapping = NullableString(r, 8),
        Options = NullableString(r, 9),
        Status = ImportStatuses.Parse(r.GetString(10)),
        Total = r.GetInt64(11),
        TotalBatches = r.GetInt32(12),
        Counts = new ImportCounts(r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17), r.GetInt64(18)),
        RowsConsumed = r.GetInt64(19),
        BatchesDone = r.GetInt32(20),
        ContactsRemoved = r.GetInt64(21),
        ContactsRestored = r.GetInt64(22),
        Conflicts = r.GetInt64(23),
        ConflictIds = NullableString(r, 24),
        Error = NullableString(r, 25),
        RetryOf = r.IsDBNull(26) ? null : ReadGuid(r, 26),
        CreatedBy = NullableString(r, 27),
        FilePath = NullableString(r, 28),
        CreatedAt = ReadTime(r, 29),
        StartedAt = r.IsDBNull(30) ? null : ReadTime(r, 30),
        FinishedAt = r.IsDBNull(31) ? null : ReadTime(r, 31),
        DurationMs = r.IsDBNull(32) ? null : r.GetInt64(32),
        DeletedAt = r.IsDBNull(33) ? null : ReadTime(r, 33),
    };

    private static (string, object?)[] ImportParameters(ImportRecord r) =>
    [
        ("id", r.Id), ("company_id", r.CompanyId), ("file_name", r.FileName), ("size_bytes", r.SizeBytes),
        ("format", r.Format), ("encoding", r.Encoding), ("separator", r.Separator), ("headers", r.Headers),
        ("mapping", r.Mapping), ("options", r.Options), ("status", r.Status.ToWire()), ("total", r.Total),
        ("total_batches", r.TotalBatches), ("inserted", r.Counts.Inserted), ("updated", r.Counts.Updated),
        ("merged", r.Counts.Merged), ("unchanged", r.Counts.Unchanged), ("skipped", r.Counts.Skipped),
        ("failed", r.Counts.Failed), ("rows_consumed", r.RowsConsumed), ("batches_done", r.BatchesDone),
        ("contacts_removed", r.ContactsRemoved), ("contacts_restored", r.ContactsRestored), ("conflicts", r.Conflicts), ("conflict_ids", r.ConflictIds),
        ("error", r.Error), ("retry_of", r.RetryOf), ("created_by", r.CreatedBy), ("file_path", r.FilePath),
        ("created_at", r.CreatedAt), ("started_at", r.StartedAt), ("finished_at", r.FinishedAt),
        ("duration_ms", r.DurationMs), ("deleted_at", r.DeletedAt),
    ];

    protected internal static string? NullableString(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    protected internal DbCommand Command(DbConnection connection, DbTransaction? tx, string sql,
        params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = ToDb(value);
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    /// <summary>Announces a short write outside an import batch (status, cancel, heartbeat, claim): the SQLite
    /// importer lets it through between batches instead of re-taking the database's write lock at once.</summary>
    protected virtual IDisposable? WriteIntent() => null;

    protected internal async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var intent = tx is null ? WriteIntent() : null;
        await using var cmd = Command(connection, tx, sql, parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    protected internal async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var intent = tx is null ? WriteIntent() : null;
        await using var cmd = Command(connection, tx, sql, parameters);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }
}
