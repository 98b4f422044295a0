using System.Data.Common;
using System.Diagnostics;
using ContactImport.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>
/// A rollback writes in pages, each with its checkpoint: the rollback process killed with SIGKILL between two pages
/// leaves the import <c>rolling_back</c>, and running it again ends with the contacts exactly as before the import.
/// </summary>
public sealed class RollbackResumeTests
{
    private const int Contacts = 22_000; // five rollback pages: the kill lands between the first and the last

    [Theory, BothStores]
    public async Task A_rollback_killed_halfway_resumes_and_ends_with_the_contacts_exactly_as_before_the_import(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, File(db, "first", Contacts, "Berlin", "Engineer"));
        var before = Hashable(await db.ContactsAsync());
        var import = await TestCli.ImportAsync(db, File(db, "second", Contacts + 3, "Rome", "Manager"), "--strategy", "update");
        import.Counts.Should().Be(Counts.Of(inserted: 3, updated: Contacts));
        // Changed by someone else since the import: left alone, counted and listed.
        await db.ExecuteAsync("UPDATE contacts SET city = 'Oslo', version = version + 1 WHERE email = 'p7@example.com'");
        var changed = await db.ContactAsync("p7@example.com");
        var where = $"FROM imports WHERE id = '{import.ImportId}'";

        if (store == StoreKind.Sqlite)
        {
            await StopSqliteRollbackHalfwayAsync(db, import.ImportId);
        }
        else
        {
            await KillPostgresRollbackHalfwayAsync(db, import.ImportId, where);
        }

        (await db.TextAsync("SELECT status " + where)).Should().Be("rolling_back");
        (await db.ScalarAsync("SELECT contacts_restored " + where)).Should().BeInRange(1, Contacts - 2,
            "the pages before the kill are committed, the rest is not");

        var resumed = await TestCli.RunAsync(db, "rollback", import.ImportId.ToString(), "--json");

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        (resumed.Long("contacts_removed"), resumed.Long("contacts_restored"), resumed.Long("conflicts"))
            .Should().Be((3L, Contacts - 1L, 1L), "every contact is handled exactly once across both runs");
        var after = await db.ContactsAsync();
        Hashable(after).Should().Equal(before.Select(c => c.Email == changed.Email ? Hashable([changed])[0] : c),
            "every field but version and updated_at is as before the import, the contact changed since aside");
        after.Where(c => c.Email != changed.Email).Should().OnlyContain(c => c.Version == 3,
            "restored contacts get a new, higher version than the import gave them");
        var show = await TestCli.RunAsync(db, "show", import.ImportId.ToString(), "--json");
        show.Json.GetProperty("conflict_ids").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(changed.Id);
        (await db.ScalarAsync("SELECT count(*) FROM contact_changes")).Should().Be(0, "before-images are gone once used");
    }

    /// <summary>SIGKILL while the rollback waits for the contacts table in its next page, after one page committed.</summary>
    private static async Task KillPostgresRollbackHalfwayAsync(StoreDatabase db, Guid importId, string where)
    {
        using var process = Process.Start(ProductBinary.StartInfo(["rollback", importId.ToString(), "--db", db.Db]))!;
        await Eventually.Until(async () => await db.ScalarAsync("SELECT contacts_restored " + where) > 0 ? "" : null,
            "the first page of restores committed");
        await using var hold = await HoldContactsAsync(db);
        process.HasExited.Should().BeFalse("the rollback waits for the table in its next page");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// SQLite's one writer hands its lock back and forth unfairly, so no lock can stop the rollback between two pages
    /// there: a trigger fails its third page instead, which dies with everything it wrote, as a killed one does.
    /// </summary>
    private static async Task StopSqliteRollbackHalfwayAsync(StoreDatabase db, Guid importId)
    {
        await db.ExecuteAsync("CREATE TRIGGER stop_rollback BEFORE UPDATE ON contacts WHEN OLD.email = 'p12000@example.com' " +
                              "BEGIN SELECT RAISE(ABORT, 'stopped halfway'); END");
        var stopped = await TestCli.RunAsync(db, "rollback", importId.ToString(), "--json");
        stopped.ExitCode.Should().Be(1, stopped.ToString());
        stopped.Str("error").Should().Contain("stopped halfway");
        await db.ExecuteAsync("DROP TRIGGER stop_rollback");
    }

    private static List<ContactSnapshot> Hashable(IEnumerable<ContactSnapshot> contacts) =>
        [.. contacts.Select(c => c with { Version = 0, UpdatedAt = default })];

    private static string File(StoreDatabase db, string name, int rows, string city, string title) =>
        db.Csv([
            "email,first_name,last_name,city,job_title",
            .. Enumerable.Range(0, rows).Select(i => $"p{i}@example.com,First{i},{name},{city} {i % 7},{title} {i % 5}"),
        ]);

    /// <summary>A transaction that keeps every other writer of contacts waiting until it is disposed.</summary>
    private static async Task<Hold> HoldContactsAsync(StoreDatabase db)
    {
        if (db.Kind == StoreKind.Sqlite)
        {
            // BEGIN IMMEDIATE: the database's write lock, once the rollback's open page has committed.
            var sqlite = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = db.Db, Pooling = false, DefaultTimeout = 60 }.ToString());
            await sqlite.OpenAsync();
            return new Hold(sqlite, sqlite.BeginTransaction(deferred: false));
        }

        var postgres = new NpgsqlConnection(db.Db);
        await postgres.OpenAsync();
        var tx = await postgres.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand("LOCK TABLE contacts IN SHARE MODE", postgres, tx);
        await cmd.ExecuteNonQueryAsync();
        return new Hold(postgres, tx);
    }

    private sealed class Hold(DbConnection connection, DbTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
