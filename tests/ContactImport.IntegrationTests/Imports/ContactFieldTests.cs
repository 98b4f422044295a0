using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Core.Reports;
using ContactImport.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>The fields added through the schema (street, postal_code, region, birthday, website) end to end on each
/// store: stored, merged, updated, rolled back, exported and re-imported.</summary>
public sealed class ContactFieldTests
{
    private static readonly string[] Seed =
    [
        "email,first_name,phone,street,postal_code,region,city,birthday,website,tags,notes,external_id",
        "ann@example.com,Ann,+1 415 555 0101,\"1 Main St\nApt 2\", 94105 ,California,San Francisco,5/17/1990,https://ann.example.com,vip;b2b,\"Met at\nthe fair, 2024\",crm-1",
        "bob@example.com,Bob,,,10115,Berlin,Berlin,--12-24,bob.example.org,,,",
        "cy@example.com,Cy,(415) 555-0103,,,,,19851231,,,=1+1,",
    ];

    private static async Task<Dictionary<string, StoredContact>> SeedAsync(StoreDatabase db)
    {
        var seeded = await TestCli.ImportAsync(db, db.Csv(Seed));
        seeded.Counts.Should().Be(Counts.Of(inserted: 3));
        return await ByEmailAsync(db);
    }

    private static async Task<Dictionary<string, StoredContact>> ByEmailAsync(StoreDatabase db) =>
        (await db.StoredContactsAsync()).ToDictionary(c => c.Values.Email!);

    [Theory, BothStores]
    public async Task A_file_with_the_five_new_fields_stores_them_normalized(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var contacts = await SeedAsync(db);

        var ann = contacts["ann@example.com"].Values;
        (ann.Street, ann.PostalCode, ann.Region, ann.Birthday, ann.Website)
            .Should().Be(("1 Main St\nApt 2", "94105", "California", "1990-05-17", "https://ann.example.com"));
        var bob = contacts["bob@example.com"].Values;
        (bob.Street, bob.PostalCode, bob.Region, bob.Birthday, bob.Website)
            .Should().Be(((string?)null, "10115", "Berlin", "--12-24", "bob.example.org"));
        contacts["cy@example.com"].Values.Birthday.Should().Be("1985-12-31");
    }

    [Theory, BothStores]
    public async Task An_unreadable_birthday_is_kept_as_written_with_a_warning_and_fails_its_row_under_strict(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv("email,birthday", "a@example.com,31/31/1990", "b@example.com,1990-01-02");

        var strict = await TestCli.ImportAsync(db, file, "--strict");
        var result = await TestCli.ImportAsync(db, file);

        strict.Counts.Should().Be(Counts.Of(inserted: 1, failed: 1));
        (await TestCli.ErrorsAsync(db, strict.ImportId)).Single().GetProperty("level").GetString().Should().Be("error");
        result.Counts.Should().Be(Counts.Of(inserted: 1, skipped: 1), "the strict run failed a@, the lenient one imports it");
        result.Long("warnings").Should().Be(1);
        var a = await db.ContactAsync("a@example.com");
        a.Birthday.Should().BeNull();
        a.Custom.Should().Contain("31/31/1990", "the unreadable birthday is kept as written under its header");
        var error = (await TestCli.ErrorsAsync(db, result.ImportId)).Single();
        error.GetProperty("level").GetString().Should().Be("warning");
        error.GetProperty("column").GetString().Should().Be("birthday");
        error.GetProperty("value").GetString().Should().Be("31/31/1990");
        error.GetProperty("reason").GetString().Should().Contain("not a real date");
    }

    [Theory, BothStores]
    public async Task Merge_fills_an_empty_street_and_keeps_the_filled_fields(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);

        var result = await TestCli.ImportAsync(db, db.Csv(
            "email,street,region,website",
            "bob@example.com,9 Elm Rd,Brandenburg,other.example.org"), "--strategy", "merge");

        result.Counts.Should().Be(Counts.Of(merged: 1));
        var bob = (await ByEmailAsync(db))["bob@example.com"];
        bob.Values.Street.Should().Be("9 Elm Rd");
        bob.Values.Region.Should().Be("Berlin", "merge never overwrites a filled field");
        bob.Values.Website.Should().Be("bob.example.org");
        bob.Version.Should().Be(before["bob@example.com"].Version + 1);
    }

    [Theory, BothStores]
    public async Task Update_overwrites_the_new_fields_and_rollback_restores_the_before_image(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);

        var update = await TestCli.ImportAsync(db, db.Csv(
            "email,street,postal_code,region,birthday,website",
            "ann@example.com,2 Side St,94110,CA,--05-17,ann.example.net",
            "bob@example.com,3 Spree Ufer,,,,"), "--strategy", "update");

        update.Counts.Should().Be(Counts.Of(updated: 2));
        var updated = await ByEmailAsync(db);
        var ann = updated["ann@example.com"].Values;
        (ann.Street, ann.PostalCode, ann.Region, ann.Birthday, ann.Website)
            .Should().Be(("2 Side St", "94110", "CA", "--05-17", "ann.example.net"));
        updated["bob@example.com"].Values.PostalCode.Should().Be("10115", "an empty cell changes nothing");

        var rollback = await TestCli.RunAsync(db, "rollback", update.ImportId.ToString(), "--json");
        rollback.ExitCode.Should().Be(0, rollback.ToString());
        rollback.Long("contacts_restored").Should().Be(2);

        var after = await ByEmailAsync(db);
        foreach (var (email, contact) in before)
        {
            after[email].Values.ContentEquals(contact.Values).Should().BeTrue($"{email} is its before-image again");
            after[email].UpdatedAt.Should().Be(contact.UpdatedAt);
        }

        after["ann@example.com"].Values.Street.Should().Be("1 Main St\nApt 2");
        after["ann@example.com"].Values.Birthday.Should().Be("1990-05-17");
    }

    [Theory, BothStores]
    public async Task Reimporting_the_export_with_update_leaves_every_contact_unchanged(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);

        // The same rows GET /api/contacts/export.csv writes (the service test downloads the real one).
        var path = Path.Combine(db.Folder, "export.csv");
        await using (var writer = new StreamWriter(path))
        {
            await CsvOut.WriteRowAsync(writer, ContactCsv.Header, CancellationToken.None);
            foreach (var contact in before.Values.OrderBy(c => c.Id))
            {
                await CsvOut.WriteRowAsync(writer, ContactCsv.Row(contact), CancellationToken.None);
            }
        }

        var result = await TestCli.ImportAsync(db, path, "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(unchanged: 3));
        var after = await ByEmailAsync(db);
        foreach (var (email, contact) in before)
        {
            after[email].Values.ContentEquals(contact.Values).Should().BeTrue(email);
            after[email].Version.Should().Be(contact.Version);
        }
    }

    [Theory, BothStores]
    public async Task The_migrated_contacts_table_has_a_column_for_every_schema_column(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await (await db.OpenMigratedStoreAsync()).DisposeAsync();

        await using DbConnection connection = store == StoreKind.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Db, Pooling = false }.ToString())
            : new NpgsqlConnection(db.Db);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = store == StoreKind.Sqlite
            ? "SELECT name FROM pragma_table_info('contacts')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = 'contacts'";
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

    [Theory, BothStores]
    public async Task Search_finds_contacts_by_region_and_postal_code_but_not_by_street(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await SeedAsync(db);

        var byPostalCode = await TestCli.RunAsync(db, "contacts", "--json", "--search", "0115");
        var byRegion = await TestCli.RunAsync(db, "contacts", "--json", "--search", "califor");
        var byStreet = await TestCli.RunAsync(db, "contacts", "--json", "--search", "Main St");

        Emails(byPostalCode).Should().Equal("bob@example.com");
        Emails(byRegion).Should().Equal("ann@example.com");
        Emails(byStreet).Should().BeEmpty();
        var ann = byRegion.Json.GetProperty("items")[0];
        ann.GetProperty("street").GetString().Should().Be("1 Main St\nApt 2");
        ann.GetProperty("birthday").GetString().Should().Be("1990-05-17");
    }

    private static IEnumerable<string?> Emails(CliResult page) =>
        page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString());
}
