using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>The mapping an import shows (details, <c>show</c>) is the mapping that ran, overrides included.</summary>
public sealed class MappingTruthTests(ITestOutputHelper log)
{
    private const string Csv =
        "email,first_name,Backup Address,Colour\n" +
        "old1@example.com,Ann,ann@example.org,red\n" +
        "old2@example.com,Bob,bob@example.org,blue\n";

    private static readonly (string, string)[] Expected =
        [("email", "ignore"), ("first_name", "first_name"), ("Backup Address", "email"), ("Colour", "city")];

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task An_execute_mapping_is_stored_shown_and_the_one_that_runs(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        var id = await ImportAsync(http, "backup.csv", Csv, new
        {
            mapping = new Dictionary<string, string> { ["email"] = "ignore", ["Backup Address"] = "email", ["Colour"] = "city" },
        });

        var details = await WaitForStatusAsync(http, id, "completed");

        details.GetProperty("mapping").EnumerateObject().Select(m => (m.Name, m.Value.GetString()!)).Should().Equal(Expected);
        var contacts = await ContactsAsync(http);
        contacts.Select(c => (c.GetProperty("email").GetString(), c.GetProperty("city").GetString()))
            .Should().Equal(("ann@example.org", "red"), ("bob@example.org", "blue"));
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_cli_map_override_is_shown_by_show_and_takes_effect(string store)
    {
        await using var env = await CreateAsync(store, log);
        var file = Path.Combine(env.Directory, "backup.csv");
        await File.WriteAllTextAsync(file, Csv);

        var import = await env.CliAsync("import", file, "--map", "email=ignore", "--map", "Backup Address=email",
            "--map", "Colour=city");
        import.Code.Should().Be(0, import.Err);
        var id = import.Out.Trim();
        var show = await env.CliAsync("show", id, "--json");
        show.Code.Should().Be(0, show.Err);
        var json = System.Text.Json.JsonDocument.Parse(show.Out).RootElement;

        json.GetProperty("mapping").EnumerateObject().Select(m => (m.Name, m.Value.GetString()!)).Should().Equal(Expected);
        var contacts = await env.CliAsync("contacts", "--json");
        var items = System.Text.Json.JsonDocument.Parse(contacts.Out).RootElement.GetProperty("items").EnumerateArray()
            .OrderBy(c => c.GetProperty("id").GetInt64()).ToList();
        items.Select(c => (c.GetProperty("email").GetString(), c.GetProperty("city").GetString()))
            .Should().Equal(("ann@example.org", "red"), ("bob@example.org", "blue"));
    }
}
