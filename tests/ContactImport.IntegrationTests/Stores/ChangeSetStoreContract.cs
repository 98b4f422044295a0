using System.Data.Common;
using ContactImport.Core.Bulk;
using ContactImport.Core.Contacts;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteChangeSetStoreTests() : ChangeSetStoreContract(StoreKind.Sqlite);

public sealed class PostgresChangeSetStoreTests() : ChangeSetStoreContract(StoreKind.Postgres);

/// <summary>The change sets contract: update-where's filters, guards and writes, and the undo.</summary>
public abstract class ChangeSetStoreContract(StoreKind kind) : StoreContract(kind)
{
    private IChangeSetStore ChangeSets => Store.ChangeSets;

    [Fact]
    public async Task Every_filter_matches_exactly_its_contacts_and_never_another_companys()
    {
        var import = Guid.NewGuid();
        var ada = await CreateAsync(new ContactValues
            { Email = "ada@engines.test", Company = "Engines", City = "London", Country = "UK", Tags = ["VIP", "uk"] });
        var bob = await CreateAsync(new ContactValues { Email = "bob@mail.test", Company = "engines", City = "Paris", Country = "France" });
        var cy = await CreateAsync(new ContactValues { Email = "cy@engines.test", City = "london", Tags = ["lead"] });
        await SetImportedFromAsync(import, bob, cy);
        var other = await Store.EnsureCompanyAsync("globex", None);
        await Store.Contacts.CreateAsync(other, new ContactValues
            { Email = "eve@engines.test", Company = "Engines", City = "London", Country = "UK", Tags = ["vip"] }, None);
        var all = await Store.Contacts.ListAsync(Company, null, 1, 10, None);
        var first = all.Items.Min(c => c.CreatedAt);
        var last = all.Items.Max(c => c.UpdatedAt);

        var cases = new (string Name, string Value, long[] Expected)[]
        {
            ("tag", "vip", [ada]),
            ("company", "ENGINES", [ada, bob]),
            ("city", "London", [ada, cy]),
            ("country", "uk", [ada]),
            ("email_domain", "@Engines.test", [ada, cy]),
            ("imported_from", import.ToString(), [bob, cy]),
            ("created_from", first.ToString("O"), [ada, bob, cy]),
            ("created_to", first.ToString("O"), []),
            ("updated_from", last.AddMilliseconds(1).ToString("O"), []),
            ("updated_to", last.AddMilliseconds(1).ToString("O"), [ada, bob, cy]),
        };
        cases.Select(c => c.Name).Should().BeEquivalentTo(ContactFilter.Names, "every whitelisted filter is tested");
        foreach (var (name, value, expected) in cases)
        {
            var result = await UpdateAsync([new(name, value)], [new("job_title", "Engineer")], dryRun: true);
            result.Matched.Should().Be(expected.Length, $"where.{name} = {value}");
        }

        var applied = await UpdateAsync([new("city", "london"), new("tag", "LEAD")], [new("job_title", "Engineer")]);

        applied.Should().Be(new UpdateWhereResult(UpdateWhereOutcome.Applied, 1, 1, applied.ChangeSetId));
        (await GetAsync(cy)).Values.JobTitle.Should().Be("Engineer");
        (await GetAsync(ada)).Values.JobTitle.Should().BeNull();
    }

    [Fact]
    public async Task Only_contacts_whose_values_change_get_a_new_version_and_updated_at()
    {
        var same = await CreateAsync(new ContactValues { Email = "a@x.test", Company = "Acme", City = "Berlin", Tags = ["Old"] });
        var changes = await CreateAsync(new ContactValues { Email = "b@x.test", Company = "Acme", City = "Paris" });
        var before = await GetAsync(same);

        var result = await UpdateAsync([new("company", "acme")], [new("city", " Berlin "), new("tags", "old")]);

        result.Should().Be(new UpdateWhereResult(UpdateWhereOutcome.Applied, 2, 1, result.ChangeSetId));
        result.Unchanged.Should().Be(1);
        ContactSnapshot.From(await GetAsync(same)).Should().Be(ContactSnapshot.From(before), "the set and its tags were already there");
        var changed = await GetAsync(changes);
        changed.Version.Should().Be(2);
        changed.Values.City.Should().Be("Berlin");
        changed.Values.Tags.Should().Equal("old");
    }

    [Fact]
    public async Task Tags_are_added_after_the_existing_ones_and_null_clears_a_field()
    {
        var id = await CreateAsync(new ContactValues { Email = "a@x.test", City = "Rome", Notes = "n", Tags = ["VIP", "b"] });

        await UpdateAsync([new("city", "rome")], [new("tags", "vip; new;other"), new("notes", null)]);

        var contact = await GetAsync(id);
        contact.Values.Tags.Should().Equal("VIP", "b", "new", "other");
        contact.Values.Notes.Should().BeNull();
    }

    [Fact]
    public async Task Guards_and_dry_runs_write_nothing()
    {
        await CreateAsync(new ContactValues { Email = "a@x.test", City = "Rome" });
        await CreateAsync(new ContactValues { Email = "b@x.test", City = "Rome", Company = "Done" });
        var before = await SnapshotsAsync();

        var mismatch = await UpdateAsync([new("city", "Rome")], [new("company", "Done")], expectedCount: 3);
        var limit = await UpdateAsync([new("city", "Rome")], [new("company", "New")], maxAffected: 1);
        var dryRun = await UpdateAsync([new("city", "Rome")], [new("company", "Done")], dryRun: true);
        var withinLimit = await UpdateAsync([new("city", "Rome")], [new("company", "Done")], expectedCount: 2, maxAffected: 1, dryRun: true);

        mismatch.Should().Be(new UpdateWhereResult(UpdateWhereOutcome.CountMismatch, 2, 1, null));
        limit.Should().Be(new UpdateWhereResult(UpdateWhereOutcome.LimitExceeded, 2, 2, null));
        dryRun.Should().Be(new UpdateWhereResult(UpdateWhereOutcome.DryRun, 2, 1, null));
        withinLimit.Outcome.Should().Be(UpdateWhereOutcome.DryRun);
        (await SnapshotsAsync()).Should().Equal(before);
        (await CountAsync("change_sets")).Should().Be(0);
        (await CountAsync("change_set_contacts")).Should().Be(0);
    }

    [Fact]
    public async Task Undo_restores_every_changed_contact_exactly_with_a_higher_version()
    {
        for (var i = 0; i < 12; i++)
        {
            await CreateAsync(new ContactValues
            {
                Email = $"p{i}@x.test", City = "Oslo", FirstName = $"P{i}", Company = i % 3 == 0 ? "Kept" : null,
                Tags = i % 2 == 0 ? ["a"] : [], Custom = new(StringComparer.Ordinal) { ["k"] = $"v{i}" },
            });
        }

        var before = await SnapshotsAsync();
        var applied = await UpdateAsync([new("city", "oslo")], [new("company", "Kept"), new("tags", "b")]);
        applied.Updated.Should().Be(12);

        var (outcome, changeSet) = await ChangeSets.UndoAsync(Company, applied.ChangeSetId!.Value, None);

        outcome.Should().Be(UndoOutcome.Undone);
        changeSet!.Status.Should().Be(ChangeSetStatus.Undone);
        changeSet.Restored.Should().Be(12);
        changeSet.Conflicts.Should().Be(0);
        var after = await SnapshotsAsync();
        after.Select(Values).Should().Equal(before.Select(Values), "every field is exactly the before-image");
        after.Select(s => s.Version).Should().Equal(before.Select(s => s.Version + 2), "restoring is a change too");
        (await CountAsync("change_set_contacts")).Should().Be(0, "restored before-images are not kept");
    }

    [Fact]
    public async Task Undo_leaves_contacts_changed_or_deleted_since_alone_and_lists_them_as_conflicts()
    {
        var edited = await CreateAsync(new ContactValues { Email = "a@x.test", City = "Rome" });
        var deleted = await CreateAsync(new ContactValues { Email = "b@x.test", City = "Rome" });
        var restored = await CreateAsync(new ContactValues { Email = "c@x.test", City = "Rome" });
        var applied = await UpdateAsync([new("city", "Rome")], [new("region", "Lazio")]);
        var current = await GetAsync(edited);
        current.Values.JobTitle = "Editor";
        await Store.Contacts.UpdateAsync(Company, edited, current.Values, None);
        await Store.Contacts.DeleteAsync(Company, deleted, None);

        var (outcome, changeSet) = await ChangeSets.UndoAsync(Company, applied.ChangeSetId!.Value, None);

        outcome.Should().Be(UndoOutcome.Undone);
        changeSet!.Restored.Should().Be(1);
        changeSet.Conflicts.Should().Be(2);
        changeSet.ConflictIds.Should().Equal(edited, deleted);
        (await GetAsync(edited)).Values.Region.Should().Be("Lazio", "a contact changed since is left alone");
        (await GetAsync(restored)).Values.Region.Should().BeNull();
        (await ChangeSets.GetAsync(Company, applied.ChangeSetId.Value, None)).Should().BeEquivalentTo(changeSet);
    }

    [Fact]
    public async Task A_change_set_is_undone_once_and_another_company_cannot_see_or_undo_it()
    {
        await CreateAsync(new ContactValues { Email = "a@x.test", City = "Rome" });
        var applied = await UpdateAsync([new("city", "Rome")], [new("region", "Lazio")]);
        var id = applied.ChangeSetId!.Value;
        var other = await Store.EnsureCompanyAsync("globex", None);

        (await ChangeSets.GetAsync(other, id, None)).Should().BeNull();
        (await ChangeSets.UndoAsync(other, id, None)).Outcome.Should().Be(UndoOutcome.NotFound);
        (await ChangeSets.GetAsync(Company, id, None))!.Status.Should().Be(ChangeSetStatus.Applied);
        (await ChangeSets.UndoAsync(Company, id, None)).Outcome.Should().Be(UndoOutcome.Undone);
        var again = await ChangeSets.UndoAsync(Company, id, None);

        again.Outcome.Should().Be(UndoOutcome.NotUndoable);
        again.ChangeSet!.Status.Should().Be(ChangeSetStatus.Undone);
        (await ChangeSets.UndoAsync(Company, Guid.NewGuid(), None)).Outcome.Should().Be(UndoOutcome.NotFound);
    }

    [Fact]
    public async Task The_before_image_table_has_a_column_for_every_contact_column()
    {
        await using var connection = await OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Kind == StoreKind.Sqlite
            ? "SELECT name FROM pragma_table_info('change_set_contacts')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = 'change_set_contacts'";
        var columns = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        columns.Should().Contain(ContactColumns.All.Select(c => c.Name));
    }

    private static ContactSnapshot Values(ContactSnapshot s) => s with { UpdatedAt = default, Version = 0 };

    private async Task<UpdateWhereResult> UpdateAsync(KeyValuePair<string, string?>[] where,
        KeyValuePair<string, string?>[] set, long? expectedCount = null, long? maxAffected = null, bool dryRun = false)
    {
        var filter = ContactFilter.Parse(where, out var whereError);
        whereError.Should().BeNull();
        var values = ContactSet.Parse(set, out var setError);
        setError.Should().BeNull();
        return await ChangeSets.UpdateWhereAsync(Company,
            new UpdateWhereCommand(filter!, values!, expectedCount, maxAffected, dryRun, "{}", "tester"), None);
    }

    private Task<long> CreateAsync(ContactValues values) => Store.Contacts.CreateAsync(Company, values, None);

    private async Task<StoredContact> GetAsync(long id) => (await Store.Contacts.GetAsync(Company, id, None))!;

    private async Task<List<ContactSnapshot>> SnapshotsAsync()
    {
        var list = new List<ContactSnapshot>();
        await foreach (var c in Store.Contacts.ReadAllAsync(Company, None))
        {
            list.Add(ContactSnapshot.From(c));
        }

        return list;
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Kind == StoreKind.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db.Db, Pooling = false }.ToString())
            : new NpgsqlConnection(Db.Db);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>What an import's inserts leave on a contact, written directly (an import is not this suite's subject).</summary>
    private async Task SetImportedFromAsync(Guid import, params long[] ids)
    {
        await using var connection = await OpenAsync();
        foreach (var id in ids)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE contacts SET imported_from = @import WHERE id = @id";
            var p = cmd.CreateParameter();
            p.ParameterName = "import";
            p.Value = Kind == StoreKind.Sqlite ? import.ToString("D") : import;
            cmd.Parameters.Add(p);
            var q = cmd.CreateParameter();
            q.ParameterName = "id";
            q.Value = id;
            cmd.Parameters.Add(q);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
