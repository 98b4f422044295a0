using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary>With <c>--json</c> stdout is exactly one JSON object, for every verb; history, show and contacts shapes.</summary>
public sealed class JsonContractTests
{
    [Theory, BothStores]
    public async Task Every_verb_with_json_prints_exactly_one_json_object(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv("email,first_name", "a@example.com,A", "bad,B"), "--batch-size", "1");
        var id = import.ImportId.ToString();

        string[][] verbs =
        [
            ["migrate", "--json"],
            ["history", "--json"],
            ["show", id, "--json"],
            ["errors", id, "--json"],
            ["contacts", "--json"],
            ["contacts", "--json", "--search", "a@"],
            ["rollback", id, "--json"],
            ["import", db.Csv("email", "x@example.com"), "--json"],
        ];
        foreach (var args in verbs)
        {
            var result = await TestCli.RunAsync(db, args);
            result.ExitCode.Should().Be(0, string.Join(' ', args) + ": " + result);
            result.Stdout.TrimEnd('\n', '\r').Should().NotContain("\n", string.Join(' ', args) + " prints one line");
            _ = result.Json; // parses as exactly one object
        }

        import.Json.EnumerateObject().Select(p => p.Name).Should().Equal(
            "import_id", "status", "total", "inserted", "updated", "merged", "unchanged", "skipped", "failed", "duplicates",
            "duration_ms", "warnings", "can_rollback", "can_retry", "can_cancel", "is_final");
        import.Json.GetProperty("duration_ms").GetInt64().Should().BeGreaterThanOrEqualTo(0);
    }

    [Theory, BothStores]
    public async Task Without_json_the_import_prints_only_its_id_on_stdout(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.RunAsync(db, "import", db.Csv("email", "a@example.com"));

        result.ExitCode.Should().Be(0);
        Guid.TryParse(result.Stdout.Trim(), out _).Should().BeTrue(result.ToString());
        result.Stderr.Should().NotBeEmpty("the summary goes to stderr");
    }

    [Theory, BothStores]
    public async Task History_lists_imports_newest_first_with_paging(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var ids = new List<Guid>();
        foreach (var email in new[] { "a@example.com", "b@example.com", "c@example.com" })
        {
            ids.Add((await TestCli.ImportAsync(db, db.Csv("email", email))).ImportId);
        }

        var history = await TestCli.RunAsync(db, "history", "--json");
        var page2 = await TestCli.RunAsync(db, "history", "--json", "--page", "2", "--page-size", "2");

        var json = history.Json;
        json.EnumerateObject().Select(p => p.Name).Should().Equal("items", "page", "page_size", "total");
        json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("import_id").GetGuid())
            .Should().Equal(ids[2], ids[1], ids[0]);
        (history.Long("page"), history.Long("page_size"), history.Long("total")).Should().Be((1L, 50L, 3L));
        var first = json.GetProperty("items")[0];
        first.GetProperty("status").GetString().Should().Be("completed");
        first.GetProperty("inserted").GetInt64().Should().Be(1);
        page2.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("import_id").GetGuid())
            .Should().Equal(ids[0]);
        (page2.Long("page"), page2.Long("page_size"), page2.Long("total")).Should().Be((2L, 2L, 3L));

        var completed = await TestCli.RunAsync(db, "history", "--json", "--status", "failed");
        completed.Long("total").Should().Be(0);
    }

    [Theory, BothStores]
    public async Task Show_has_options_mapping_counts_and_batches(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv(
            "E-Mail,Vorname,Lieblingsfarbe",
            "a@example.com,A,blau",
            "b@example.com,B,rot",
            "a@example.com,A,grün"), "--strategy", "update", "--batch-size", "2");

        var show = await TestCli.RunAsync(db, "show", import.ImportId.ToString(), "--json");

        show.ExitCode.Should().Be(0);
        var json = show.Json;
        json.GetProperty("import_id").GetGuid().Should().Be(import.ImportId);
        json.GetProperty("status").GetString().Should().Be("completed");
        json.GetProperty("headers").EnumerateArray().Select(h => h.GetString()).Should().Equal("E-Mail", "Vorname", "Lieblingsfarbe");
        json.GetProperty("mapping").EnumerateObject()
            .Select(m => (m.Name, m.Value.GetString()))
            .Should().Equal(("E-Mail", "email"), ("Vorname", "first_name"), ("Lieblingsfarbe", "custom"));
        var options = json.GetProperty("options");
        options.GetProperty("duplicate_strategy").ToString().Should().Be("update");
        options.GetProperty("batch_size").GetInt32().Should().Be(2);
        options.GetProperty("skip_errors").GetBoolean().Should().BeTrue();
        options.GetProperty("dry_run").GetBoolean().Should().BeFalse();
        (json.GetProperty("total").GetInt64(), json.GetProperty("inserted").GetInt64(), json.GetProperty("updated").GetInt64(),
            json.GetProperty("processed").GetInt64(), json.GetProperty("total_batches").GetInt32())
            .Should().Be((3L, 2L, 1L, 3L, 2));
        json.GetProperty("batches").EnumerateArray().Select(b => (b.GetProperty("batch").GetInt32(), b.GetProperty("rows").GetInt32()))
            .Should().Equal((1, 2), (2, 1));
        (await db.ContactAsync("a@example.com")).Custom.Should().Be("Lieblingsfarbe=grün");
    }

    [Theory, BothStores]
    public async Task Contacts_search_finds_by_email_fragment(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv(
            "email,first_name,last_name",
            "anna.schmidt@example.de,Anna,Schmidt",
            "bob@example.com,Bob,Builder",
            "carla@schmidt-bau.de,Carla,Maier"));

        var byFragment = await TestCli.RunAsync(db, "contacts", "--json", "--search", "SCHMIDT");
        var byDomain = await TestCli.RunAsync(db, "contacts", "--json", "--search", "example.com");
        var all = await TestCli.RunAsync(db, "contacts", "--json", "--page-size", "2");

        Emails(byFragment.Json).Should().Equal("anna.schmidt@example.de", "carla@schmidt-bau.de");
        byFragment.Long("total").Should().Be(2);
        Emails(byDomain.Json).Should().Equal("bob@example.com");
        Emails(all.Json).Should().HaveCount(2);
        all.Long("total").Should().Be(3);
        var item = byDomain.Json.GetProperty("items")[0];
        item.GetProperty("first_name").GetString().Should().Be("Bob");
        item.GetProperty("imported_from").GetGuid().Should().NotBeEmpty();
    }

    private static IEnumerable<string?> Emails(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("email").GetString());
}
