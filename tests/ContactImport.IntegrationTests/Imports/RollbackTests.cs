using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>Rollback deletes what an import inserted and restores what it updated, unless changed since.</summary>
public sealed class RollbackTests
{
    private static async Task<List<ContactSnapshot>> SeedAsync(StoreDatabase db)
    {
        await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,city,tags,phone",
            "a@example.com,A,Berlin,one,(415) 555-0101",
            "b@example.com,B,,,",
            "c@example.com,C,Paris,two;three,",
            "d@example.com,D,,,"));
        return await db.ContactsAsync();
    }

    private static async Task<CliResult> RollbackAsync(StoreDatabase db, Guid importId)
    {
        var result = await TestCli.RunAsync(db, "rollback", importId.ToString(), "--json");
        result.ExitCode.Should().Be(0, result.ToString());
        return result;
    }

    /// <summary>The rollback's counts, then every contact as in <paramref name="snapshot"/> but for its version, which
    /// a restore raises.</summary>
    private static async Task ShouldHaveUndoneAsync(StoreDatabase db, CliResult rollback,
        (long Removed, long Restored, long Conflicts) counts, List<ContactSnapshot> snapshot, string because = "")
    {
        (rollback.Long("contacts_removed"), rollback.Long("contacts_restored"), rollback.Long("conflicts"))
            .Should().Be(counts);
        (await db.ContactsAsync()).Select(c => c with { Version = 0 })
            .Should().Equal(snapshot.Select(c => c with { Version = 0 }), because);
    }

    [Theory, BothStores]
    public async Task Rollback_restores_the_snapshot_field_by_field(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var snapshot = await SeedAsync(db);
        var import = await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,city,tags",
            "a@example.com,A2,,new",
            "b@example.com,B,,",
            "c@example.com,C2,Rome,",
            "n1@example.com,N1,,",
            "n2@example.com,N2,,",
            "n1@example.com,N1b,,",
            "n3@example.com,N3,,"), "--strategy", "update", "--batch-size", "2");
        import.Counts.Should().Be(Counts.Of(inserted: 3, updated: 3, unchanged: 1),
            "n1 is inserted in batch 2 and updated in batch 3 of the same import");

        var rollback = await RollbackAsync(db, import.ImportId);

        var json = rollback.Json;
        json.EnumerateObject().Select(p => p.Name).Should().Equal(
            "import_id", "status", "contacts_removed", "contacts_restored", "conflicts");
        json.GetProperty("import_id").GetGuid().Should().Be(import.ImportId);
        rollback.Status.Should().Be("rolled_back");
        await ShouldHaveUndoneAsync(db, rollback, (3, 2, 0), snapshot,
            "values, tags, created_at and updated_at are all restored exactly");
        (await db.ContactsAsync()).Select(c => c.Version).Should().Equal([3, 1, 3, 1],
            "a restored contact gets a new, higher version (1 → 2 by the import → 3), so a stale version cannot pass");
        var show = await TestCli.RunAsync(db, "show", import.ImportId.ToString(), "--json");
        show.Str("status").Should().Be("rolled_back");
    }

    [Theory, BothStores]
    public async Task Rollback_restores_every_column_of_a_contact_the_import_changed_twice_in_different_columns(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var snapshot = await SeedAsync(db);
        // a: its city in batch 1, then its name, tags and phone in batch 3 (the city back to Berlin there); c: its city
        // emptied, then its name, city and tags; d: twice the same column.
        var import = await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,city,tags,phone",
            "a@example.com,A,Lyon,one,(415) 555-0101",
            "c@example.com,C,,two;three,",
            "d@example.com,D1,,,",
            "x@example.com,X,,,",
            "a@example.com,A3,Berlin,four,(415) 555-0199",
            "c@example.com,C2,Rome,five,",
            "d@example.com,D2,,,"), "--strategy", "update", "--clear-empty", "--batch-size", "2");
        import.Counts.Should().Be(Counts.Of(inserted: 1, updated: 6));

        var rollback = await RollbackAsync(db, import.ImportId);

        await ShouldHaveUndoneAsync(db, rollback, (1, 3, 0), snapshot,
            "each column comes back as it was before the import's first change to it");
    }

    [Theory, BothStores]
    public async Task Rollback_after_merge_removes_the_unioned_tags_and_extra_values(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var snapshot = await SeedAsync(db);
        var import = await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,city,tags,phone",
            "a@example.com,X,Rome,one;four,(415) 555-0177",
            "b@example.com,,Oslo,five,(415) 555-0188"), "--strategy", "merge");
        import.Counts.Should().Be(Counts.Of(merged: 2));

        var rollback = await RollbackAsync(db, import.ImportId);

        await ShouldHaveUndoneAsync(db, rollback, (0, 2, 0), snapshot);
    }

    [Theory, BothStores]
    public async Task Contacts_changed_after_the_import_are_left_alone_and_counted_as_conflicts(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var snapshot = await SeedAsync(db);
        var import = await TestCli.ImportAsync(db, db.Csv(
            "email,first_name",
            "a@example.com,A2",
            "b@example.com,B2",
            "n@example.com,N"), "--strategy", "update");
        import.Counts.Should().Be(Counts.Of(inserted: 1, updated: 2));
        var later = await TestCli.ImportAsync(db, db.Csv(
            "email,first_name",
            "a@example.com,A3",
            "n@example.com,N3"), "--strategy", "update");
        later.Counts.Should().Be(Counts.Of(updated: 2));
        var afterLater = await db.ContactsAsync();

        var rollback = await RollbackAsync(db, import.ImportId);

        (rollback.Long("contacts_removed"), rollback.Long("contacts_restored"), rollback.Long("conflicts"))
            .Should().Be((0L, 1L, 2L));
        var contacts = await db.ContactsAsync();
        contacts.Should().Equal(
            afterLater[0], // a: changed by the later import, left alone
            snapshot[1] with { Version = 3 }, // b: restored, at a new version
            snapshot[2],
            snapshot[3],
            afterLater[4]); // n: inserted, then changed by the later import: kept
        var show = await TestCli.RunAsync(db, "show", import.ImportId.ToString(), "--json");
        show.Json.GetProperty("conflict_ids").EnumerateArray().Select(e => e.GetInt64())
            .Should().BeEquivalentTo([afterLater[0].Id, afterLater[4].Id]);
        show.Long("conflicts").Should().Be(2);
    }

    [Theory, BothStores]
    public async Task Rolling_back_twice_fails_the_second_time(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await SeedAsync(db);
        var import = await TestCli.ImportAsync(db, db.Csv("email", "n@example.com"));
        await RollbackAsync(db, import.ImportId);
        var before = await db.ContactsAsync();

        var again = await TestCli.RunAsync(db, "rollback", import.ImportId.ToString(), "--json");

        again.ExitCode.Should().NotBe(0);
        again.Stderr.Should().StartWith("error: ").And.Contain("rolled_back");
        again.Status.Should().Be("failed");
        again.Str("error").Should().NotBeNullOrEmpty();
        (await db.ContactsAsync()).Should().Equal(before);

        var plain = await TestCli.RunAsync(db, "rollback", import.ImportId.ToString());
        plain.ExitCode.Should().NotBe(0);
        plain.Stdout.Should().BeEmpty();
        plain.Stderr.Should().StartWith("error: ");
    }

    [Theory, BothStores]
    public async Task Rollback_of_an_unknown_import_fails(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.RunAsync(db, "rollback", Guid.NewGuid().ToString(), "--json");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("error: import ").And.Contain("not found");
        JsonSerializer.Deserialize<JsonElement>(result.Stdout).GetProperty("status").GetString().Should().Be("failed");
    }
}
