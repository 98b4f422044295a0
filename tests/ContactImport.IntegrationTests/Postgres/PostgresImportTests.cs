using System.Text.Json;
using System.Globalization;
using ContactImport.Core.Contacts;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;
using ContactImport.Storage.Postgres;
using Npgsql;

namespace ContactImport.IntegrationTests.Postgres;

/// <summary>PostgreSQL-specific guarantees of the import path, through the real CLI. Each test has its own database.</summary>
public sealed class PostgresImportTests
{
    private const string Header = "first_name,last_name,email,phone,city,tags";

    private static string Row(int i, string? city = null, string tags = "vip;lead") =>
        $"First{i},Last{i},user{i}@corp.test,+1 415 555 {i % 10000:0000},{city ?? "City" + (i % 7)},{tags}";

    [Fact]
    public async Task An_import_writes_contacts_checkpoint_batches_and_errors_and_a_merge_reimport_changes_nothing()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        // 3,000 rows: every 100th e-mail invalid, every 50th row repeats an earlier e-mail.
        var rows = Enumerable.Range(1, 3000).Select(i =>
            i % 100 == 0 ? $"Bad{i},X,not-an-email{i},,Nowhere,"
            : i % 50 == 0 ? Row(i - 7)
            : Row(i));
        var file = db.Lines(Header, rows);

        var first = await TestCli.ImportAsync(db, file, "--batch-size", "500");

        first.Str("status")!.Should().Be("completed_with_errors");
        first.Long("total").Should().Be(3000);
        first.Long("failed").Should().Be(30);
        first.Long("skipped").Should().Be(30);
        first.Long("inserted").Should().Be(2940);
        first.Counts.ShouldBeConsistent().Total.Should().Be(3000);

        var importId = first.Str("import_id")!;
        (await db.ScalarAsync("SELECT count(*) FROM contacts")).Should().Be(2940);
        (await db.ScalarAsync($"SELECT count(*) FROM contacts WHERE imported_from = '{importId}' AND version = 1"))
            .Should().Be(2940);
        (await db.ScalarAsync($"SELECT rows_consumed FROM imports WHERE id = '{importId}'")).Should().Be(3000);
        (await db.ScalarAsync($"SELECT batches_done FROM imports WHERE id = '{importId}'")).Should().Be(6);
        (await db.ScalarAsync($"SELECT count(*) FROM import_batches WHERE import_id = '{importId}'")).Should().Be(6);
        (await db.ScalarAsync($"SELECT count(*) FROM import_errors WHERE import_id = '{importId}'")).Should().Be(30);
        (await db.ScalarAsync("SELECT count(*) FROM contacts WHERE tags @> '[\"vip\"]'::jsonb")).Should().Be(2940);
        (await db.TextAsync("SELECT phone_e164 FROM contacts WHERE email = 'user1@corp.test'"))
            .Should().Be("+14155550001");

        var again = await TestCli.ImportAsync(db, file, "--strategy", "merge", "--batch-size", "700");

        again.Long("inserted").Should().Be(0);
        again.Long("merged").Should().Be(0);
        again.Long("unchanged").Should().Be(2970);
        again.Long("failed").Should().Be(30);
        (await db.ScalarAsync("SELECT count(*) FROM contacts WHERE version <> 1")).Should().Be(0);
    }

    [Fact]
    public async Task A_run_into_a_company_that_has_contacts_writes_smaller_batches_unless_told_otherwise()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        var file = db.Lines(Header, Enumerable.Range(1, 6000).Select(i => Row(i)));

        var first = await TestCli.ImportAsync(db, file);
        var again = await TestCli.ImportAsync(db, file, "--strategy", "update");
        var chosen = await TestCli.ImportAsync(db, file, "--strategy", "update", "--batch-size", "6000");

        // Into the empty company: 5,000 + 1,000. Into a company with contacts: 3 × 2,000 (bench/RESULTS.md).
        (await db.ScalarAsync($"SELECT batches_done FROM imports WHERE id = '{first.Str("import_id")}'")).Should().Be(2);
        (await db.ScalarAsync($"SELECT batches_done FROM imports WHERE id = '{again.Str("import_id")}'")).Should().Be(3);
        (await db.ScalarAsync($"SELECT batches_done FROM imports WHERE id = '{chosen.Str("import_id")}'")).Should().Be(1);
        again.Long("unchanged").Should().Be(6000);
    }

    [Fact]
    public async Task Concurrent_overlapping_imports_never_create_a_duplicate_contact()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using (var store = StoreFactory.Create(db.Db))
        {
            await store.MigrateAsync(CancellationToken.None); // both runs then find the schema in place
        }

        // A: users 0..19,999; B: users 10,000..29,999 — half of each file is in the other, in another order.
        var a = db.Lines("email,first_name", Enumerable.Range(0, 20_000).Select(i => $"user{i}@corp.test,A{i}"));
        var b = db.Lines("email,first_name",
            Enumerable.Range(10_000, 20_000).Reverse().Select(i => $"user{i}@corp.test,B{i}"));

        var runs = await Task.WhenAll(
            Task.Run(() => TestCli.ImportAsync(db, a, "--batch-size", "500")),
            Task.Run(() => TestCli.ImportAsync(db, b, "--batch-size", "700")));

        var duplicates = await db.ScalarAsync("SELECT count(*) FROM (SELECT email FROM contacts GROUP BY company_id, email HAVING count(*) > 1) d");
        duplicates.Should().Be(0);
        foreach (var run in runs)
        {
            run.Long("total").Should().Be(20_000);
            run.Counts.ShouldBeConsistent().Total.Should().Be(20_000);
            run.Long("failed").Should().Be(0);
        }

        runs.Sum(r => r.Long("inserted")).Should().Be(30_000, "the union of inserted rows is the distinct e-mails");
        runs.Sum(r => r.Long("skipped")).Should().Be(10_000, "each shared e-mail is inserted once and skipped once");
        (await db.ScalarAsync("SELECT count(*) FROM contacts")).Should().Be(30_000);
    }

    [Fact]
    public async Task Backends_terminated_mid_import_lose_no_row_and_count_none_twice()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using (var store = StoreFactory.Create(db.Db))
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        const int total = 200_000;
        var file = db.Lines("email,first_name,city",
            Enumerable.Range(0, total).Select(i => $"user{i % 190_000}@corp.test,N{i},C{i % 13}"));

        using var done = new CancellationTokenSource();
        var killer = Task.Run(async () =>
        {
            var kills = 0;
            var lastBatch = 0;
            await using var side = new NpgsqlConnection(db.Db);
            await side.OpenAsync();
            while (!done.IsCancellationRequested && kills < 3)
            {
                await Task.Delay(50);
                await using var progress = new NpgsqlCommand(
                    "SELECT COALESCE(max(batches_done), 0) FROM imports", side);
                var batches = (int)(await progress.ExecuteScalarAsync())!;
                if (batches < lastBatch + 15 || batches > 150)
                {
                    continue; // let it make progress between kills; stop well before the end
                }

                await using var kill = new NpgsqlCommand(
                    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()) k", side);
                if ((long)(await kill.ExecuteScalarAsync())! > 0)
                {
                    kills++;
                    lastBatch = batches;
                }
            }

            return kills;
        });

        var run = await TestCli.ImportAsync(db, file, "--batch-size", "1000");
        await done.CancelAsync();
        var kills = await killer;

        kills.Should().BeGreaterThan(0, "the test must really have terminated the import's backend");
        run.Str("status")!.Should().Be("completed");
        run.Long("total").Should().Be(total);
        run.Counts.ShouldBeConsistent().Total.Should().Be(total);
        run.Long("inserted").Should().Be(190_000);
        run.Long("skipped").Should().Be(10_000);
        (await db.ScalarAsync("SELECT count(*) FROM contacts")).Should().Be(190_000);
        (await db.ScalarAsync("SELECT count(DISTINCT email) FROM contacts")).Should().Be(190_000);
        (await db.ScalarAsync("SELECT max(rows_consumed) FROM imports")).Should().Be(total);
        (await db.ScalarAsync("SELECT max(inserted) FROM imports")).Should().Be(190_000);
    }

    [Fact]
    public async Task A_row_the_database_refuses_fails_alone_with_the_database_reason()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using var store = StoreFactory.Create(db.Db);
        await store.MigrateAsync(CancellationToken.None);
        // A rule only the database knows: the reader and the decider accept the row, the INSERT does not.
        await db.ExecuteAsync("ALTER TABLE contacts ADD CONSTRAINT ck_no_atlantis CHECK (city IS DISTINCT FROM 'Atlantis')");
        var file = db.Lines(Header, Enumerable.Range(1, 1000).Select(i => Row(i, i == 537 ? "Atlantis" : null)));

        var run = await TestCli.ImportAsync(db, file, "--batch-size", "200");

        run.Long("inserted").Should().Be(999);
        run.Long("failed").Should().Be(1);
        run.Str("status")!.Should().Be("completed_with_errors");
        (await db.ScalarAsync("SELECT count(*) FROM contacts")).Should().Be(999);
        var errors = new List<Core.Imports.ImportErrorRecord>();
        await foreach (var e in store.Imports.ReadErrorsAsync(Guid.Parse(run.Str("import_id")!), CancellationToken.None))
        {
            errors.Add(e);
        }

        errors.Should().ContainSingle();
        errors[0].Row.Should().Be(537);
        errors[0].Reason.Should().Contain("rejected by the database").And.Contain("ck_no_atlantis");
        errors[0].Raw.Should().Contain("Atlantis");
    }

    [Fact]
    public async Task A_dry_run_is_one_transaction_with_savepoints_and_leaves_nothing_behind()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using (var store = StoreFactory.Create(db.Db))
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        await db.ExecuteAsync("ALTER TABLE contacts ADD CONSTRAINT ck_no_atlantis CHECK (city IS DISTINCT FROM 'Atlantis')");
        // Duplicates across batches and one row the database refuses: the counts are still exact.
        var file = db.Lines(Header,
            Enumerable.Range(1, 600).Select(i => Row(i > 500 ? i - 500 : i, i == 250 ? "Atlantis" : null)));

        var run = await TestCli.ImportAsync(db, file, "--dry-run", "--batch-size", "100");

        run.Str("status")!.Should().Be("validated");
        run.Long("inserted").Should().Be(499);
        run.Long("failed").Should().Be(1);
        run.Long("skipped").Should().Be(100);
        (await db.ScalarAsync("SELECT count(*) FROM contacts")).Should().Be(0);
        (await db.ScalarAsync("SELECT count(*) FROM contact_changes")).Should().Be(0);
    }

    [Fact]
    public async Task An_update_keeps_in_the_change_log_only_the_columns_it_changed_as_they_were()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        var seed = db.Lines("first_name,last_name,email,city,tags,Favourite colour", Enumerable.Range(1, 20).Select(i => i % 2 == 0
            ? $"Zoë{i},\"O'Brien, Jr\",user{i}@corp.test,Köln,vip;Lead,blue {i}"
            : $",,user{i}@corp.test,,,"));
        var first = await TestCli.ImportAsync(db, seed);
        await using var store = StoreFactory.Create(db.Db);
        var company = await store.EnsureCompanyAsync("default", CancellationToken.None);
        var before = new Dictionary<long, StoredContact>();
        await foreach (var c in store.Contacts.ReadAllAsync(company, CancellationToken.None))
        {
            before[c.Id] = c;
        }

        // Odd rows had no name: the image says it was null. Even rows also get other tags.
        var update = db.Lines("email,first_name,last_name,city,tags,Favourite colour", Enumerable.Range(1, 20).Select(i => i % 2 == 0
            ? $"user{i}@corp.test,New{i},\"O'Brien, Jr\",Köln,gold,blue {i}"
            : $"user{i}@corp.test,New{i},,,,"));
        (await TestCli.ImportAsync(db, update, "--strategy", "update", "--clear-empty", "--batch-size", "7")).Long("updated").Should().Be(20);

        await using var connection = new NpgsqlConnection(db.Db);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT contact_id, before::text FROM contact_changes ORDER BY contact_id", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        var images = 0;
        while (await reader.ReadAsync())
        {
            images++;
            var was = before[reader.GetInt64(0)];
            using var image = JsonDocument.Parse(reader.GetString(1));
            var root = image.RootElement;
            var named = was.Values.FirstName is null ? new[] { "first_name" } : ["first_name", "tags"];
            root.EnumerateObject().Select(p => p.Name).Order().Should().Equal(
                named.Concat(["partial", "imported_from", "created_at", "updated_at", "version"]).Order(), root.ToString());
            root.GetProperty("first_name").ValueKind.Should().Be(was.Values.FirstName is null ? JsonValueKind.Null : JsonValueKind.String);
            root.GetProperty("first_name").GetString().Should().Be(was.Values.FirstName);
            if (was.Values.FirstName is not null)
            {
                root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal(was.Values.Tags);
            }

            root.GetProperty("imported_from").GetGuid().Should().Be(first.ImportId);
            root.GetProperty("version").GetInt32().Should().Be(was.Version);
            root.GetProperty("updated_at").GetInt64().Should().Be(was.UpdatedAt.ToUnixTimeMilliseconds());
        }

        images.Should().Be(20);
    }

    [Fact]
    public async Task Rollback_restores_the_contacts_table_exactly()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        var seed = db.Lines(Header + ",notes",
            Enumerable.Range(1, 400).Select(i => Row(i, tags: i % 3 == 0 ? "" : "vip;Lead") + (i % 4 == 0 ? ",note " + i : ",")));
        await TestCli.ImportAsync(db, seed, "--batch-size", "150");
        // Some contacts changed by a second import before the one we roll back, so versions and times differ.
        var touch = db.Lines("email,job_title", Enumerable.Range(1, 50).Select(i => $"user{i * 5}@corp.test,Boss"));
        await TestCli.ImportAsync(db, touch, "--strategy", "merge");

        await using var store = StoreFactory.Create(db.Db);
        var company = await store.EnsureCompanyAsync("default", CancellationToken.None);
        var before = await SnapshotAsync(store, company);

        // Updates 300 contacts (names, cities, new tags), inserts 100, some rows touch one contact twice.
        var update = db.Lines(Header, Enumerable.Range(101, 400).Select(i =>
            $"New{i},Name{i},user{(i > 480 ? i - 380 : i)}@corp.test,,Town{i},fresh;{(i % 2 == 0 ? "VIP" : "extra")}"));
        var run = await TestCli.ImportAsync(db, update, "--strategy", "update", "--batch-size", "64");
        run.Long("updated").Should().BeGreaterThan(300);
        run.Long("inserted").Should().Be(80);
        (await SnapshotAsync(store, company)).Should().NotBeEquivalentTo(before);

        var rollback = await TestCli.RunAsync(db, "rollback", run.Str("import_id")!, "--json");

        rollback.ExitCode.Should().Be(0);
        rollback.Str("status")!.Should().Be("rolled_back");
        rollback.Long("contacts_removed").Should().Be(80);
        rollback.Long("contacts_restored").Should().Be(300);
        rollback.Long("conflicts").Should().Be(0);
        var after = await SnapshotAsync(store, company);
        after.Select(c => c with { Version = 0 }).Should().BeEquivalentTo(before.Select(c => c with { Version = 0 }),
            o => o.WithStrictOrdering());
        after.Zip(before).Where(p => p.First.Version != p.Second.Version).Should().HaveCount(300)
            .And.OnlyContain(p => p.First.Version > p.Second.Version + 1, "a restored contact's version moves up, never back");
    }

    [Fact]
    public async Task Rollback_removes_only_its_own_contacts_when_another_company_inserts_between_its_batches()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        (await TestCli.RunAsync(db, "migrate", "--json")).ExitCode.Should().Be(0);
        await using var store = StoreFactory.Create(db.Db);
        var other = await store.EnsureCompanyAsync("globex", CancellationToken.None);

        // Another company keeps adding contacts while the import runs, so their ids land inside the import's range.
        using var stop = new CancellationTokenSource();
        var created = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await store.Contacts.CreateAsync(other, new ContactValues { Email = $"g{created}@globex.test" }, CancellationToken.None);
                created++;
            }
        });
        var file = db.Lines(Header, Enumerable.Range(1, 3000).Select(i => Row(i)));
        var run = await TestCli.ImportAsync(db, file, "--batch-size", "100");
        await stop.CancelAsync();
        await writer;
        var id = run.Str("import_id")!;
        (await db.ScalarAsync($"SELECT count(*) FROM contacts c JOIN imports i ON c.id BETWEEN i.first_contact_id AND i.last_contact_id " +
            $"WHERE i.id = '{id}' AND c.company_id = {other}")).Should().BePositive("the other company wrote during the import");

        var rollback = await TestCli.RunAsync(db, "rollback", id, "--json");

        rollback.Long("contacts_removed").Should().Be(3000);
        (await db.ScalarAsync($"SELECT count(*) FROM contacts WHERE company_id = {other}"))
            .Should().Be(created);
        (await db.ScalarAsync($"SELECT count(*) FROM contacts WHERE company_id <> {other}"))
            .Should().Be(0);
    }

    private sealed record ContactSnapshot(
        long Id, string?[] Scalars, string? PhoneKey, string[] Tags, string[] ExtraEmails, string[] ExtraPhones,
        string Custom, Guid? ImportedFrom, string CreatedAt, string UpdatedAt, int Version);

    private static async Task<List<ContactSnapshot>> SnapshotAsync(Store store, long company)
    {
        var list = new List<ContactSnapshot>();
        await foreach (var c in store.Contacts.ReadAllAsync(company, CancellationToken.None))
        {
            var v = c.Values;
            list.Add(new ContactSnapshot(
                c.Id, Enum.GetValues<ScalarField>().Select(f => v[f]).ToArray(), v.PhoneKey, [.. v.Tags],
                [.. v.ExtraEmails], [.. v.ExtraPhones], ContactJson.CustomToJson(v.Custom) ?? "",
                c.ImportedFrom, c.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                c.UpdatedAt.ToString("O", CultureInfo.InvariantCulture), c.Version));
        }

        return list;
    }
}
