using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>Each duplicate strategy against contacts already in the database (import A, then B overlapping).</summary>
public sealed class StrategyTests
{
    private static readonly string[] Seed =
    [
        "external_id,email,first_name,last_name,phone,company,city,tags,notes",
        "E1,ann@example.com,Ann,Smith,(415) 555-0101,Acme,Berlin,vip,note A",
        "E2,bob@example.com,Bob,,(415) 555-0102,,Paris,,",
    ];

    private static readonly string[] Overlapping =
    [
        "email,first_name,last_name,company,city,tags",
        "ann@example.com,Anne,,Globex,,VIP;new",
        "bob@example.com,Bob,,,,",
        "carl@example.com,Carl,Jones,,,",
    ];

    private static async Task<List<ContactSnapshot>> SeedAsync(StoreDatabase db)
    {
        var seeded = await TestCli.ImportAsync(db, db.Csv(Seed));
        seeded.Counts.Should().Be(Counts.Of(inserted: 2));
        return await db.ContactsAsync();
    }

    [Theory, BothStores]
    public async Task Skip_strategy_leaves_existing_contacts_exactly_as_they_were(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);

        var result = await TestCli.ImportAsync(db, db.Csv(Overlapping), "--strategy", "skip");

        result.Counts.Should().Be(Counts.Of(inserted: 1, skipped: 2));
        var after = await db.ContactsAsync();
        after.Take(2).Should().Equal(before);
        after[2].Email.Should().Be("carl@example.com");
    }

    [Theory, BothStores]
    public async Task Update_strategy_overwrites_present_fields_adds_tags_and_keeps_created_at(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);

        var result = await TestCli.ImportAsync(db, db.Csv(Overlapping), "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(inserted: 1, updated: 1, unchanged: 1));
        var after = await db.ContactsAsync();
        var ann = after[0];
        ann.Should().Be(before[0] with
        {
            FirstName = "Anne",
            Company = "Globex",
            Tags = "vip|new",
            UpdatedAt = ann.UpdatedAt,
            Version = before[0].Version + 1,
        }, "only the row's non-empty fields overwrite; last_name, city, notes, phone stay; tags are added");
        ann.UpdatedAt.Should().BeAfter(before[0].UpdatedAt);
        ann.CreatedAt.Should().Be(before[0].CreatedAt);
        after[1].Should().Be(before[1], "a row identical to the contact leaves it unchanged, updated_at included");
        after[2].Should().Match<ContactSnapshot>(c => c.Email == "carl@example.com" && c.LastName == "Jones");
    }

    [Theory, BothStores]
    public async Task Update_strategy_never_removes_tags(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,tags", "t@example.com,a;b;c"));

        var result = await TestCli.ImportAsync(db, db.Csv("email,tags", "t@example.com,B"), "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(unchanged: 1), "tag b is already there (case-insensitively)");
        (await db.ContactAsync("t@example.com")).Tags.Should().Be("a|b|c");
    }

    [Theory, BothStores]
    public async Task Merge_strategy_fills_only_empty_fields_and_unions_tags(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);
        var file = db.Csv(
            "email,first_name,last_name,company,city,tags",
            "ann@example.com,Anne,Other,Globex,Rome,VIP;new",
            "bob@example.com,Robert,Brown,Initech,Rome,",
            "bob@example.com,Robert,Brown,Initech,Rome,");

        var result = await TestCli.ImportAsync(db, file, "--strategy", "merge");

        result.Counts.Should().Be(Counts.Of(merged: 2, unchanged: 1));
        var after = await db.ContactsAsync();
        after[0].Should().Be(before[0] with { Tags = "vip|new", UpdatedAt = after[0].UpdatedAt, Version = 2 },
            "Ann's fields are all non-empty: only the tag is new");
        after[1].Should().Be(before[1] with
        {
            LastName = "Brown",
            Company = "Initech",
            UpdatedAt = after[1].UpdatedAt,
            Version = 2,
        }, "Bob's empty last name and company are filled; his first name and city stay");
        after[1].CreatedAt.Should().Be(before[1].CreatedAt);
    }

    [Theory, BothStores]
    public async Task Update_that_would_give_a_contact_another_contacts_email_fails_the_row(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var before = await SeedAsync(db);
        var file = db.Csv(
            "external_id,email,city",
            "E1,bob@example.com,Rome",
            "E2,,Lima");

        var result = await TestCli.ImportAsync(db, file, "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(updated: 1, failed: 1));
        result.Status.Should().Be("completed_with_errors");
        var errors = await TestCli.ErrorsAsync(db, result.ImportId);
        errors.Should().ContainSingle();
        errors[0].GetProperty("row").GetInt64().Should().Be(1);
        errors[0].GetProperty("line").GetInt64().Should().Be(2);
        errors[0].GetProperty("column").GetString().Should().Be("email");
        errors[0].GetProperty("reason").GetString().Should().Contain("belongs to another contact");
        var after = await db.ContactsAsync();
        after[0].Should().Be(before[0], "the failed row changed nothing");
        after[1].City.Should().Be("Lima", "a row matching by external_id alone updates the contact");
    }
}
