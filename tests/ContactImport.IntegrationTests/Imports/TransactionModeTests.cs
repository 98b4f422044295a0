using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>Dry run (one transaction, rolled back: exact counts, nothing stays) and all-or-nothing imports.</summary>
public sealed class TransactionModeTests
{
    /// <summary>Eight rows, three per batch: row 3 is bad, rows 5 and 7 repeat rows 1 and 2 in later batches.</summary>
    private static readonly string[] DuplicatesAcrossBatches =
    [
        "email,first_name",
        "a@example.com,A",
        "b@example.com,B",
        "not-an-email,Bad",
        "c@example.com,C",
        "a@example.com,A2",
        "d@example.com,D",
        "b@example.com,B",
        "e@example.com,E",
    ];

    [Theory]
    [InlineData(StoreKind.Sqlite, "skip")]
    [InlineData(StoreKind.Sqlite, "update")]
    [InlineData(StoreKind.Postgres, "skip")]
    [InlineData(StoreKind.Postgres, "update")]
    public async Task Dry_run_gives_the_exact_counts_of_a_real_run_and_leaves_nothing(StoreKind store, string strategy)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(DuplicatesAcrossBatches);
        var expected = strategy == "skip"
            ? Counts.Of(inserted: 5, skipped: 2, failed: 1)
            : Counts.Of(inserted: 5, updated: 1, unchanged: 1, failed: 1);

        var dry = await TestCli.ImportAsync(db, file, "--dry-run", "--batch-size", "3", "--strategy", strategy);

        dry.Counts.Should().Be(expected);
        dry.Status.Should().Be("validated");
        (await db.ContactsAsync()).Should().BeEmpty("a dry run rolls everything back");
        var errors = await TestCli.ErrorsAsync(db, dry.ImportId);
        errors.Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("line").GetInt64(), e.GetProperty("column").GetString()))
            .Should().Equal((3L, 4L, "email"));
        errors[0].GetProperty("value").GetString().Should().Be("not-an-email");

        var real = await TestCli.ImportAsync(db, file, "--batch-size", "3", "--strategy", strategy);

        real.Counts.Should().Be(expected);
        real.Status.Should().Be("completed_with_errors");
        (await db.ContactsAsync()).Should().HaveCount(5);
    }

    [Theory, BothStores]
    public async Task Dry_run_on_existing_contacts_changes_none_of_them(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,first_name", "a@example.com,A", "b@example.com,B"));
        var before = await db.ContactsAsync();

        var dry = await TestCli.ImportAsync(db, db.Csv(DuplicatesAcrossBatches), "--dry-run", "--strategy", "update", "--batch-size", "2");

        dry.Counts.Should().Be(Counts.Of(inserted: 3, updated: 1, unchanged: 3, failed: 1));
        (await db.ContactsAsync()).Should().Equal(before);
    }

    /// <summary>Ten rows, two per batch: row 5 (batch 3 of 5) is bad when <c>bad</c> is set.</summary>
    private static string TenRows(StoreDatabase db, bool bad) => db.Csv(
    [
        "email,first_name",
        .. Enumerable.Range(1, 10).Select(i => i == 5 && bad ? "broken@,Five" : $"n{i}@example.com,N{i}"),
        "seed@example.com,Changed",
    ]);

    [Theory, BothStores]
    public async Task All_or_nothing_import_with_a_bad_row_in_batch_3_writes_nothing(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,first_name", "seed@example.com,Seed"));
        var before = await db.ContactsAsync();

        var result = await TestCli.RunAsync(db, "import", TenRows(db, bad: true), "--no-skip-errors", "--batch-size", "2",
            "--strategy", "update", "--json");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Status.Should().Be("failed");
        result.Counts.Should().Be(Counts.Of(failed: 1) with { Total = 11 }, "total stays the rows of the file");
        var error = result.Str("error");
        error.Should().StartWith("row 5 (line 6), column 'email' failed: ").And.Contain("nothing was imported");
        result.Stderr.TrimEnd().Split('\n')[^1].Should().Be("error: " + error);
        (await db.ContactsAsync()).Should().Equal(before, "batches 1 and 2 were rolled back with the rest");

        var errors = await TestCli.ErrorsAsync(db, result.ImportId);
        errors.Select(e => e.GetProperty("row").GetInt64()).Should().Equal(5);
        var show = await TestCli.RunAsync(db, "show", result.ImportId.ToString(), "--json");
        show.Str("status").Should().Be("failed");
    }

    [Theory, BothStores]
    public async Task All_or_nothing_import_without_bad_rows_imports_everything(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,first_name", "seed@example.com,Seed"));

        var result = await TestCli.ImportAsync(db, TenRows(db, bad: false), "--no-skip-errors", "--batch-size", "2",
            "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(inserted: 10, updated: 1));
        result.Status.Should().Be("completed");
        var contacts = await db.ContactsAsync();
        contacts.Should().HaveCount(11);
        contacts[0].FirstName.Should().Be("Changed");
    }
}
