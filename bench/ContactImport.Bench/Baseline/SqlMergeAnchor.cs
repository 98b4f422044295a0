using Npgsql;

namespace ContactImport.Bench.Baseline;

/// <summary>
/// The hand-written SQL anchor of the update suite, on our own schema: in one transaction, the file's bytes COPYed
/// into a temporary table, then one <c>INSERT … SELECT … ON CONFLICT (company_id, email) DO UPDATE SET</c> every
/// mapped column. No validation or normalization beyond lower-casing e-mails, no before-images, no history: what a
/// DBA would type. Runs as <c>bench --child anchor FILE CONNECTION</c> on a database our CLI has filled; the parent
/// first swaps the deferrable e-mail constraint for the same unique index undeferred (ON CONFLICT takes no
/// deferrable arbiter), outside the timing.
/// </summary>
internal static class SqlMergeAnchor
{
    public const string Prepare =
        "ALTER TABLE contacts DROP CONSTRAINT ux_contacts_email; " +
        "CREATE UNIQUE INDEX ux_contacts_email ON contacts (company_id, email)";

    // The last row of an e-mail wins (one statement cannot update a row twice); rows without an @ are the file's
    // invalid ones.
    private const string Merge = """
        INSERT INTO contacts AS c (company_id, first_name, last_name, email, phone, company, job_title, city, country,
                                   tags, notes, created_at, updated_at, version)
        SELECT DISTINCT ON (lower(email)) (SELECT id FROM companies WHERE name = 'default'), NULLIF(first_name, ''), NULLIF(last_name, ''), lower(email),
               NULLIF(phone, ''), NULLIF(company, ''), NULLIF(job_title, ''), NULLIF(city, ''), NULLIF(country, ''),
               CASE WHEN tags = '' THEN NULL ELSE to_jsonb(string_to_array(tags, ';')) END, NULLIF(notes, ''),
               now(), now(), 1
        FROM anchor_rows
        WHERE email LIKE '%@%'
        ORDER BY lower(email), n DESC
        ON CONFLICT (company_id, email) DO UPDATE SET
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, phone = EXCLUDED.phone,
            company = EXCLUDED.company, job_title = EXCLUDED.job_title, city = EXCLUDED.city,
            country = EXCLUDED.country, tags = EXCLUDED.tags, notes = EXCLUDED.notes, updated_at = now(),
            version = c.version + 1
        """;

    public static async Task<int> RunAsync(string file, string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TEMP TABLE anchor_rows (" + CopyFloor.CreateTable[(CopyFloor.CreateTable.IndexOf('(') + 1)..^1] +
            ", n bigserial) ON COMMIT DROP", conn, tx))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using (var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        await using (var writer = await conn.BeginTextImportAsync(
            "COPY anchor_rows (first_name, last_name, email, phone, company, job_title, city, country, tags, notes) " +
            "FROM STDIN (FORMAT csv, HEADER)"))
        {
            using var reader = new StreamReader(input);
            var buffer = new char[1 << 15];
            int n;
            while ((n = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, n));
            }
        }

        await using (var merge = new NpgsqlCommand(Merge, conn, tx) { CommandTimeout = 0 })
        {
            Console.WriteLine($"{{\"rows\":{await merge.ExecuteNonQueryAsync()}}}");
        }

        await tx.CommitAsync();
        return 0;
    }
}
