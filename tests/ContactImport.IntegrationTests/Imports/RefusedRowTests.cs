using ContactImport.Core.Imports;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>
/// A rule only the database knows (the reader and the decider accept the row, the database does not) refuses a row
/// in the middle of a batch that has already written updates and inserts: the batch is undone, bisected, and only
/// that row fails — nothing of the first attempt stays, nothing lands twice.
/// </summary>
public sealed class RefusedRowTests
{
    private static string Rule(StoreKind store) => store == StoreKind.Sqlite
        ? """
          CREATE TRIGGER no_atlantis_insert BEFORE INSERT ON contacts WHEN NEW.city = 'Atlantis'
          BEGIN SELECT RAISE(ABORT, 'no contacts in Atlantis'); END;
          CREATE TRIGGER no_atlantis_update BEFORE UPDATE ON contacts WHEN NEW.city = 'Atlantis'
          BEGIN SELECT RAISE(ABORT, 'no contacts in Atlantis'); END;
          """
        : "ALTER TABLE contacts ADD CONSTRAINT ck_no_atlantis CHECK (city IS DISTINCT FROM 'Atlantis')";

    /// <summary>Twenty contacts in Paris.</summary>
    private static async Task<List<ContactSnapshot>> SeedAsync(StoreDatabase db)
    {
        await TestCli.ImportAsync(db, db.Csv(
            ["email,first_name,city", .. Enumerable.Range(1, 20).Select(i => $"n{i}@example.com,N{i},Paris")]));
        await db.ExecuteAsync(Rule(db.Kind));
        return await db.ContactsAsync();
    }

    /// <summary>Two batches of ten: in the first an update is refused (row 7), in the second an insert (row 18),
    /// each after updates and inserts of its batch.</summary>
    private static string Moves(StoreDatabase db) => db.Csv(
        "email,first_name,city",
        "n1@example.com,N1,Rome", "n2@example.com,N2,Rome", "n3@example.com,N3,Rome", "n4@example.com,N4,Rome",
        "new1@example.com,New1,Rome", "new2@example.com,New2,Rome",
        "n5@example.com,N5,Atlantis",
        "n6@example.com,N6,Rome", "new3@example.com,New3,Rome", "new4@example.com,New4,Rome",
        "n7@example.com,N7,Rome", "n8@example.com,N8,Rome", "n9@example.com,N9,Rome", "n10@example.com,N10,Rome",
        "new5@example.com,New5,Rome", "new6@example.com,New6,Rome", "new7@example.com,New7,Rome",
        "new8@example.com,New8,Atlantis",
        "n11@example.com,N11,Rome", "new9@example.com,New9,Rome");

    [Theory, BothStores]
    public async Task A_refused_row_mid_batch_fails_alone_and_the_rest_of_its_batch_lands_exactly_once(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var seeded = await SeedAsync(db);

        var run = await TestCli.ImportAsync(db, Moves(db), "--batch-size", "10", "--strategy", "update");

        run.Counts.Should().Be(Counts.Of(inserted: 8, updated: 10, failed: 2));
        run.Status.Should().Be("completed_with_errors");
        var errors = await TestCli.ErrorsAsync(db, run.ImportId);
        errors.Select(e => e.GetProperty("row").GetInt64()).Should().Equal(7L, 18L);
        errors.Should().AllSatisfy(e => e.GetProperty("reason").GetString().Should().Contain("rejected by the database"));
        var contacts = await db.ContactsAsync();
        contacts.Should().HaveCount(28).And.NotContain(c => c.City == "Atlantis");
        contacts.Single(c => c.Email == "n5@example.com").Should().Be(seeded.Single(c => c.Email == "n5@example.com"),
            "the refused update leaves the contact exactly as it was");
        contacts.Where(c => c.City == "Rome" && c.ImportedFrom != run.ImportId).Should().HaveCount(10)
            .And.AllSatisfy(c => c.Version.Should().Be(2, "the undone first attempt of the batch does not count"));
        contacts.Select(c => c.Id).Should().OnlyHaveUniqueItems();

        var rollback = await TestCli.RunAsync(db, "rollback", run.ImportId.ToString(), "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        (rollback.Long("contacts_removed"), rollback.Long("contacts_restored"), rollback.Long("conflicts"))
            .Should().Be((8L, 10L, 0L), "one before-image per updated contact, none left by the undone attempt");
        var restored = await db.ContactsAsync();
        restored.Select(c => c with { Version = 0 }).Should().Equal(seeded.Select(c => c with { Version = 0 }));
        restored.Count(c => c.Version == 3).Should().Be(10, "each restored contact gets a new, higher version (1 → 2 → 3)");
    }

    [Theory, BothStores]
    public async Task A_dry_run_with_refused_rows_counts_them_exactly_and_changes_nothing(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var seeded = await SeedAsync(db);

        var dry = await TestCli.ImportAsync(db, Moves(db), "--dry-run", "--batch-size", "10", "--strategy", "update");

        dry.Counts.Should().Be(Counts.Of(inserted: 8, updated: 10, failed: 2));
        dry.Status.Should().Be("validated");
        (await db.ContactsAsync()).Should().Equal(seeded);
    }

    /// <summary>
    /// SQLite undoes a failed batch itself (no savepoint, see SqliteBatchWriter.BatchScope). If the undo fails too, the open
    /// commit group — earlier batches and their checkpoint included — is rolled back, never committed half-written.
    /// </summary>
    [Fact]
    public async Task When_SQLite_cannot_undo_a_failed_batch_its_commit_group_rolls_back_and_a_resume_imports_every_row_once()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Sqlite);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        await db.ExecuteAsync(Rule(StoreKind.Sqlite)
            + "CREATE TRIGGER no_delete BEFORE DELETE ON contacts BEGIN SELECT RAISE(ABORT, 'no deletes'); END;");
        var path = db.Csv(["email,first_name,city",
            .. Enumerable.Range(1, 10).Select(i => $"n{i}@example.com,N{i},{(i == 7 ? "Atlantis" : "Rome")}")]);
        var request = new ImportRequest { Options = new ImportOptions { BatchSize = 4 } };
        var service = new ImportService(store);
        var (created, _) = await service.CreateAsync(companyId, path, "ten.csv", request, "test", null,
            requireContactKey: true, CancellationToken.None);

        var run = () => service.RunAsync(created, request, null, CancellationToken.None);

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*could not be undone*");
        var failed = (await store.Imports.GetAsync(companyId, created.Id, CancellationToken.None))!;
        failed.Status.Should().Be(ImportStatus.Failed);
        failed.Checkpoint.Should().Be(ImportCheckpoint.Start, "batch 1 was in the same commit group as the failed batch 2");
        (await db.ContactsAsync()).Should().BeEmpty();

        await db.ExecuteAsync("DROP TRIGGER no_delete");
        (await store.Imports.TransitionAsync(created.Id, [ImportStatus.Failed], ImportStatus.Running, CancellationToken.None))
            .Should().BeTrue();
        var resumed = await service.RunAsync(failed, request, null, CancellationToken.None);

        resumed.Status.Should().Be(ImportStatus.CompletedWithErrors);
        resumed.Counts.Should().Be(new ImportCounts(Inserted: 9, Updated: 0, Merged: 0, Unchanged: 0, Skipped: 0, Failed: 1));
        (await db.ContactsAsync()).Select(c => c.Email).Should().OnlyHaveUniqueItems().And.HaveCount(9)
            .And.NotContain("n7@example.com");
    }
}
