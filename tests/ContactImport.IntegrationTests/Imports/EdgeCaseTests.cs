using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>Edges of rollback and concurrency that the happy paths do not reach.</summary>
public sealed class EdgeCaseTests
{
    [Theory, BothStores]
    public async Task Rollback_leaves_a_contact_alone_when_its_old_email_now_belongs_to_another_contact(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("external_id,email,first_name", "K1,a@example.com,A"));
        var change = await TestCli.ImportAsync(db, db.Csv("external_id,email", "K1,z@example.com"), "--strategy", "update");
        change.Counts.Should().Be(Counts.Of(updated: 1));
        var newcomer = await TestCli.ImportAsync(db, db.Csv("email,first_name", "a@example.com,Newcomer"));
        newcomer.Counts.Should().Be(Counts.Of(inserted: 1), "a@ is free again after K1 moved to z@");
        var before = await db.ContactsAsync();

        var rollback = await TestCli.RunAsync(db, "rollback", change.ImportId.ToString(), "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        (rollback.Long("contacts_removed"), rollback.Long("contacts_restored"), rollback.Long("conflicts"))
            .Should().Be((0L, 0L, 1L), "restoring K1 would give it the e-mail the newcomer owns now");
        (await db.ContactsAsync()).Should().Equal(before);
        (await TestCli.RunAsync(db, "show", change.ImportId.ToString(), "--json")).Str("status").Should().Be("rolled_back");
    }

    [Theory, BothStores]
    public async Task A_rolled_back_change_of_email_gives_the_old_email_back_and_the_next_import_finds_the_contact_by_it(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("external_id,email,first_name", "K1,a@example.com,A", "K2,b@example.com,B"));
        var change = await TestCli.ImportAsync(db,
            db.Csv("external_id,email,first_name", "K1,z@example.com,A", "K2,b@example.com,B2"), "--strategy", "update");
        change.Counts.Should().Be(Counts.Of(updated: 2), "K1 changes its key, K2 only a value");

        var rollback = await TestCli.RunAsync(db, "rollback", change.ImportId.ToString(), "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        rollback.Long("contacts_restored").Should().Be(2);
        (await db.ContactsAsync()).Select(c => (c.ExternalId, c.Email, c.FirstName)).Should().Equal(
            ("K1", "a@example.com", "A"), ("K2", "b@example.com", "B"));
        var again = await TestCli.ImportAsync(db, db.Csv("email,city", "a@example.com,Oslo", "z@example.com,Rome"),
            "--strategy", "update");
        again.Counts.Should().Be(Counts.Of(inserted: 1, updated: 1), "a@ is K1's again, z@ nobody's");
        (await db.ContactAsync("a@example.com")).City.Should().Be("Oslo");
    }

    [Theory, BothStores]
    public async Task Deleted_contacts_stay_deleted_when_the_import_that_updated_them_is_rolled_back(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,first_name", "a@example.com,A", "b@example.com,B"));
        var update = await TestCli.ImportAsync(db, db.Csv("email,first_name", "a@example.com,A2", "b@example.com,B2"),
            "--strategy", "update");
        var contacts = await db.StoredContactsAsync();
        await using (var s = await db.OpenMigratedStoreAsync())
        {
            var company = await s.EnsureCompanyAsync("default", CancellationToken.None);
            (await s.Contacts.DeleteAsync(company, contacts[0].Id, CancellationToken.None)).Should().BeTrue();
        }

        var rollback = await TestCli.RunAsync(db, "rollback", update.ImportId.ToString(), "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        (rollback.Long("contacts_removed"), rollback.Long("contacts_restored")).Should().Be((0L, 1L));
        (await db.ContactsAsync()).Select(c => (c.Email, c.FirstName)).Should().Equal(("b@example.com", "B"));
    }

    [Theory, BothStores]
    public async Task Concurrent_imports_into_one_company_never_create_duplicates(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var rows = Enumerable.Range(1, 30).Select(i => $"p{i}@example.com,P{i}").ToArray();
        var file1 = db.Csv(["email,first_name", .. rows]);
        var file2 = db.Csv(["email,first_name", .. rows.Reverse()]);
        await TestCli.RunAsync(db, "migrate"); // both runs find the schema in place

        var results = await Task.WhenAll(
            Task.Run(() => TestCli.ImportAsync(db, file1, "--batch-size", "3")),
            Task.Run(() => TestCli.ImportAsync(db, file2, "--batch-size", "3")));

        results.Sum(r => r.Counts.Inserted).Should().Be(30);
        results.Sum(r => r.Counts.Skipped).Should().Be(30);
        results.Sum(r => r.Counts.Failed).Should().Be(0);
        (await db.ContactsAsync()).Select(c => c.Email).Should().OnlyHaveUniqueItems().And.HaveCount(30);
    }

    [Theory, BothStores]
    public async Task A_dry_run_cannot_be_rolled_back(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var dry = await TestCli.ImportAsync(db, db.Csv("email", "a@example.com"), "--dry-run");

        var rollback = await TestCli.RunAsync(db, "rollback", dry.ImportId.ToString());

        rollback.ExitCode.Should().Be(1);
        rollback.Stderr.Should().Be($"error: import {dry.ImportId} is validated and cannot be rolled back" + Environment.NewLine);
    }

    [Theory, BothStores]
    public async Task Long_multibyte_values_round_trip_exactly_through_insert_update_and_rollback(StoreKind store)
    {
        // 10,000 three-byte characters per value, four such values in one row: several times the bulk writer's
        // buffer, with surrogate pairs (four bytes each) in the name.
        var notes = string.Concat(Enumerable.Repeat("€ü", 5_000));
        var custom = new string('語', 10_000);
        var name = string.Concat(Enumerable.Repeat("😀", 40));
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,notes,c1,c2,c3",
            $"long@example.com,{name},{notes},{custom},{custom},{custom}"));
        var inserted = await db.ContactAsync("long@example.com");

        var update = await TestCli.ImportAsync(db, db.Csv("email,notes,city", $"long@example.com,{custom},Kyōto"),
            "--strategy", "update");
        var updated = await db.ContactAsync("long@example.com");
        await TestCli.RunAsync(db, "rollback", update.ImportId.ToString());

        inserted.FirstName.Should().Be(name);
        inserted.Notes.Should().Be(notes);
        inserted.Custom.Should().Be($"c1={custom}|c2={custom}|c3={custom}");
        (updated.Notes, updated.City).Should().Be((custom, "Kyōto"));
        (await db.ContactAsync("long@example.com")).Should().Be(inserted with { Version = 3 },
            "the rollback restores the before-image, at a new version");
    }
}
