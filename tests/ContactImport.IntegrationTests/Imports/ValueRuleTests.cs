using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>The lenient value rule end to end through the CLI on both stores: warnings counted and shown, an invalid
/// value never replacing a valid one, <c>--strict</c> and <c>--clear-empty</c>.</summary>
public sealed class ValueRuleTests
{
    [Theory, BothStores]
    public async Task Warnings_and_file_warnings_are_kept_with_the_import_and_shown_by_show_and_history(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(
            "Exported contacts",
            "email,phone,Website",
            "ann@example.com,12,ann.example.com",
            "bob@example.com,(415) 555-0100,not a site",
            "cid@example.com,(415) 555-0101,https://cid.example.com");

        var import = await TestCli.ImportAsync(db, file);
        var show = await TestCli.RunAsync(db, "show", import.ImportId.ToString(), "--json");
        var history = await TestCli.RunAsync(db, "history", "--json");
        var summary = await TestCli.RunAsync(db, "show", import.ImportId.ToString());

        import.Counts.Should().Be(Counts.Of(inserted: 3));
        import.Long("warnings").Should().Be(2);
        show.Long("warnings").Should().Be(2);
        show.Json.GetProperty("file_warnings").EnumerateArray().Should().ContainSingle()
            .Which.GetString().Should().Contain("line(s) before the header");
        history.Json.GetProperty("items")[0].GetProperty("warnings").GetInt64().Should().Be(2);
        summary.Stderr.Should().Contain("warnings").And.Contain("2 imported with warnings");
        var errors = await TestCli.ErrorsAsync(db, import.ImportId);
        errors.Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("level").GetString(), e.GetProperty("column").GetString()))
            .Should().Equal((1L, "warning", "phone"), (2L, "warning", "Website"));
        var ann = await db.ContactAsync("ann@example.com");
        (ann.Phone, ann.PhoneE164, ann.Website).Should().Be(("12", null, "ann.example.com"));
        (await db.ContactAsync("bob@example.com")).Custom.Should().Contain("not a site");
    }

    [Theory, BothStores]
    public async Task Under_update_an_invalid_value_never_replaces_a_valid_one(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("email,phone,birthday", "ann@example.com,(415) 555-0100,1990-02-03"));

        var update = await TestCli.ImportAsync(db, db.Csv("email,phone,birthday", "ann@example.com,call reception,soon"),
            "--strategy", "update");

        update.Counts.Should().Be(Counts.Of(updated: 1));
        update.Long("warnings").Should().Be(1);
        var ann = await db.ContactAsync("ann@example.com");
        (ann.Phone, ann.PhoneE164, ann.Birthday).Should().Be(("(415) 555-0100", "+14155550100", "1990-02-03"));
        ann.ExtraPhones.Should().Be("call reception");
        ann.Custom.Should().Contain("soon");
    }

    [Theory, BothStores]
    public async Task Clear_empty_lets_empty_cells_clear_fields_under_update_and_by_default_they_change_nothing(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("external_id,email,phone,company,city",
            "K1,ann@example.com,(415) 555-0100,Acme,Oslo", "K2,bob@example.com,(415) 555-0101,Globex,Rome"));

        var kept = await TestCli.ImportAsync(db, db.Csv("external_id,phone,company,city", "K1,,,Bergen"), "--strategy", "update");
        var cleared = await TestCli.ImportAsync(db, db.Csv("external_id,phone,company,city", "K2,,,Milan"),
            "--strategy", "update", "--clear-empty");

        kept.Counts.Should().Be(Counts.Of(updated: 1));
        cleared.Counts.Should().Be(Counts.Of(updated: 1));
        var ann = await db.ContactAsync("ann@example.com");
        (ann.PhoneE164, ann.Company, ann.City).Should().Be(("+14155550100", "Acme", "Bergen"));
        var bob = await db.ContactAsync("bob@example.com");
        (bob.Phone, bob.PhoneE164, bob.Company, bob.City).Should().Be((null, null, null, "Milan"));
        bob.Email.Should().Be("bob@example.com", "a column the file does not have clears nothing");
    }

    [Fact]
    public async Task Clear_empty_without_update_is_refused_before_anything_is_written()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Sqlite);

        var result = await TestCli.RunAsync(db, "import", db.Csv("email", "a@example.com"), "--clear-empty");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("error: --clear-empty applies only to the update strategy (--strategy update)");
        (await db.ContactsAsync()).Should().BeEmpty();
    }
}
