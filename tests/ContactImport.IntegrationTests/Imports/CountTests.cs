using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>The counts of DESIGN.md: every row ends as exactly one outcome; in-file duplicates count like stored ones.</summary>
public sealed class CountTests
{
    private static readonly string[] ThreeRowsOneEmail =
    [
        "email,first_name,last_name",
        "ann@example.com,Ann,",
        "ANN@example.com,Anna,Smith",
        " ann@example.com ,Anna,Smith",
    ];

    [Theory, BothStores]
    public async Task Skip_strategy_keeps_the_first_of_three_rows_with_one_email(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.ImportAsync(db, db.Csv(ThreeRowsOneEmail));

        result.Counts.Should().Be(Counts.Of(inserted: 1, skipped: 2));
        result.Status.Should().Be("completed");
        var contact = await db.ContactAsync("ann@example.com");
        (contact.FirstName, contact.LastName).Should().Be(("Ann", null));
    }

    [Theory, BothStores]
    public async Task Update_strategy_inserts_the_first_row_then_updates_or_leaves_unchanged(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.ImportAsync(db, db.Csv(ThreeRowsOneEmail), "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(inserted: 1, updated: 1, unchanged: 1));
        var contact = await db.ContactAsync("ann@example.com");
        (contact.FirstName, contact.LastName).Should().Be(("Anna", "Smith"));
        (await db.ContactsAsync()).Should().HaveCount(1);
    }

    [Theory, BothStores]
    public async Task Merge_strategy_inserts_the_first_row_then_fills_only_empty_fields(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.ImportAsync(db, db.Csv(ThreeRowsOneEmail), "--strategy", "merge");

        result.Counts.Should().Be(Counts.Of(inserted: 1, merged: 1, unchanged: 1));
        var contact = await db.ContactAsync("ann@example.com");
        (contact.FirstName, contact.LastName).Should().Be(("Ann", "Smith"), "merge keeps non-empty values");
    }

    /// <summary>Rows 1–5 are new, rows 6–10 repeat them five rows later: with two rows per batch every
    /// duplicate sits in a later batch than its original.</summary>
    private static readonly string[] DuplicatesFiveRowsApart =
    [
        "email,first_name,city",
        "a@example.com,A,Berlin",
        "b@example.com,B,Berlin",
        "c@example.com,C,Berlin",
        "d@example.com,D,Berlin",
        "e@example.com,E,Berlin",
        "a@example.com,A2,Berlin",
        "b@example.com,B2,",
        "c@example.com,C,Paris",
        "d@example.com,D,Berlin",
        "e@example.com,,",
    ];

    [Theory]
    [InlineData(StoreKind.Sqlite, "2")]
    [InlineData(StoreKind.Sqlite, "5000")]
    [InlineData(StoreKind.Postgres, "2")]
    [InlineData(StoreKind.Postgres, "5000")]
    public async Task In_file_duplicates_across_batch_boundaries_count_like_in_batch_ones(StoreKind store, string batchSize)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(DuplicatesFiveRowsApart);

        var result = await TestCli.ImportAsync(db, file, "--strategy", "update", "--batch-size", batchSize);

        result.Counts.Should().Be(Counts.Of(inserted: 5, updated: 3, unchanged: 2));
        var contacts = await db.ContactsAsync();
        contacts.Select(c => (c.Email, c.FirstName, c.City)).Should().Equal(
            ("a@example.com", "A2", "Berlin"),
            ("b@example.com", "B2", "Berlin"),
            ("c@example.com", "C", "Paris"),
            ("d@example.com", "D", "Berlin"),
            ("e@example.com", "E", "Berlin"));
    }

    [Theory, BothStores]
    public async Task Skip_strategy_skips_duplicates_in_later_batches(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.ImportAsync(db, db.Csv(DuplicatesFiveRowsApart), "--batch-size", "2");

        result.Counts.Should().Be(Counts.Of(inserted: 5, skipped: 5));
        (await db.ContactsAsync()).Select(c => c.FirstName).Should().Equal("A", "B", "C", "D", "E");
    }

    [Theory, BothStores]
    public async Task Merge_strategy_counts_duplicates_in_later_batches_like_in_batch_ones(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(
            "email,first_name,city",
            "a@example.com,A,",
            "b@example.com,B,Rome",
            "c@example.com,C,",
            "a@example.com,,Oslo",
            "b@example.com,,Oslo",
            "c@example.com,C,");

        var result = await TestCli.ImportAsync(db, file, "--strategy", "merge", "--batch-size", "2");

        result.Counts.Should().Be(Counts.Of(inserted: 3, merged: 1, unchanged: 2));
        (await db.ContactsAsync()).Select(c => c.City).Should().Equal("Oslo", "Rome", null);
    }

    private static readonly string[] CleanFile =
    [
        "email,first_name,phone,tags",
        "a@example.com,A,(415) 555-0101,x",
        "b@example.com,B,(415) 555-0102,y;z",
        ",PhoneOnly,(415) 555-0103,",
        "d@example.com,D,,",
    ];

    [Theory, BothStores]
    public async Task Importing_the_same_file_twice_inserts_nothing_the_second_time(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(CleanFile);

        var first = await TestCli.ImportAsync(db, file, "--batch-size", "3");
        var snapshot = await db.ContactsAsync();
        var second = await TestCli.ImportAsync(db, file, "--batch-size", "3");

        first.Counts.Should().Be(Counts.Of(inserted: 4));
        second.Counts.Should().Be(Counts.Of(skipped: 4));
        (await db.ContactsAsync()).Should().Equal(snapshot);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite, "merge")]
    [InlineData(StoreKind.Sqlite, "update")]
    [InlineData(StoreKind.Postgres, "merge")]
    [InlineData(StoreKind.Postgres, "update")]
    public async Task Reimporting_the_same_file_with_update_or_merge_leaves_every_row_unchanged(StoreKind store, string strategy)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(CleanFile);

        await TestCli.ImportAsync(db, file, "--strategy", strategy);
        var snapshot = await db.ContactsAsync();
        var second = await TestCli.ImportAsync(db, file, "--strategy", strategy);

        second.Counts.Should().Be(Counts.Of(unchanged: 4));
        second.Status.Should().Be("completed");
        (await db.ContactsAsync()).Should().Equal(snapshot, "unchanged rows do not touch updated_at or version");
    }
}
