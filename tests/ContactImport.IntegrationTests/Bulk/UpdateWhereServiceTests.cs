using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Bulk;

/// <summary>update-where and change sets over HTTP: validation by name, guards, tenancy, undo, metrics.</summary>
public sealed class UpdateWhereServiceTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Service.Stores.Sqlite)]
    [InlineData(Service.Stores.Postgres)]
    public async Task Update_where_refuses_bad_requests_by_name_keeps_its_guards_and_is_undone_through_its_change_set(string store)
    {
        await using var env = await CreateAsync(store, log);
        var acme = await env.CreateKeyAsync("acme");
        var globexKey = await env.CreateKeyAsync("globex");
        var server = await env.StartServerAsync(workers: 0);
        var http = env.Client(server, acme);
        var globex = env.Client(server, globexKey);
        foreach (var (client, email) in new[] { (http, "a@x.test"), (http, "b@x.test"), (http, "c@x.test"), (globex, "g@x.test") })
        {
            (await client.PostAsJsonAsync("/api/contacts", new Dictionary<string, string> { ["email"] = email, ["city"] = "Berlin" }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var before = (await ContactsAsync(http)).Select(Snapshot).ToList();

        await ProblemAsync(http, new { where = new { town = "Berlin" }, set = new { region = "BE" } }, 400, "where.town is not a filter");
        await ProblemAsync(http, new { where = new { }, set = new { region = "BE" } }, 400, "where needs at least one condition");
        await ProblemAsync(http, new { where = new { city = "Berlin" }, set = new { email = "x@y.test" } }, 400, "set.email: a match key");
        await ProblemAsync(http, new { where = new { city = "Berlin" }, set = new { website = "not a site" } }, 400, "set.website");
        await ProblemAsync(http, new { where = new { city = "Berlin" }, set = new { colour = "red" } }, 400, "set.colour is not a contact field");
        var mismatch = await ProblemAsync(http, new { where = new { city = "berlin" }, set = new { region = "BE" }, expected_count = 4 },
            409, "3 contacts match");
        mismatch.GetProperty("matched").GetInt64().Should().Be(3, "another company's contact is never matched");
        var limit = await ProblemAsync(http, new { where = new { city = "Berlin" }, set = new { region = "BE" }, max_affected = 2 },
            422, "max_affected");
        limit.GetProperty("code").GetString().Should().Be("limit_exceeded");
        var dryRun = await PostAsync(http, new { where = new { city = "Berlin" }, set = new { region = "BE" }, dry_run = true });
        dryRun.GetProperty("summary").GetProperty("updated").GetInt64().Should().Be(3);
        dryRun.GetProperty("summary").GetProperty("change_set_id").ValueKind.Should().Be(JsonValueKind.Null);
        (await ContactsAsync(http)).Select(Snapshot).Should().Equal(before, "nothing is written by a refused request or a dry run");

        var applied = await PostAsync(http, new
        {
            where = new { city = "Berlin" }, set = new Dictionary<string, object?> { ["region"] = "BE", ["tags"] = new[] { "moved" } },
            expected_count = 3, max_affected = 3,
        });
        var summary = applied.GetProperty("summary");
        (summary.GetProperty("matched").GetInt64(), summary.GetProperty("updated").GetInt64(), summary.GetProperty("unchanged").GetInt64())
            .Should().Be((3, 3, 0));
        var id = summary.GetProperty("change_set_id").GetGuid();
        (await ContactsAsync(http)).Should().OnlyContain(c => c.GetProperty("region").GetString() == "BE");
        (await ContactsAsync(globex)).Should().OnlyContain(c => c.GetProperty("region").ValueKind == JsonValueKind.Null);

        (await globex.GetAsync($"/api/contacts/bulk/change-sets/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await globex.DeleteAsync($"/api/contacts/bulk/change-sets/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var shown = await GetJsonAsync(http, $"/api/contacts/bulk/change-sets/{id}");
        shown.GetProperty("status").GetString().Should().Be("applied");
        shown.GetProperty("request").GetProperty("where").GetProperty("city").GetString().Should().Be("Berlin");

        using var undo = await http.DeleteAsync($"/api/contacts/bulk/change-sets/{id}");
        var undone = JsonDocument.Parse(await undo.Content.ReadAsStringAsync()).RootElement;
        undo.StatusCode.Should().Be(HttpStatusCode.OK, undone.ToString());
        (undone.GetProperty("status").GetString(), undone.GetProperty("restored").GetInt64(), undone.GetProperty("conflicts").GetInt64())
            .Should().Be(("undone", 3, 0));
        var after = await ContactsAsync(http);
        after.Select(c => c.GetProperty("region").ValueKind).Should().AllBeEquivalentTo(JsonValueKind.Null);
        after.Select(c => c.GetProperty("tags").GetArrayLength()).Should().AllBeEquivalentTo(0);
        (await http.DeleteAsync($"/api/contacts/bulk/change-sets/{id}")).StatusCode.Should().Be(HttpStatusCode.Conflict);

        var text = "";
        await Eventually.Until(async () =>
            {
                text = await http.GetStringAsync("/metrics");
                return text.Contains("contactimport_bulk_change_set_undo_contacts", StringComparison.Ordinal);
            },
            "the undo's counts in /metrics", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        text.Should().Contain("contactimport_bulk_update_where_contacts").And.Contain("contactimport_bulk_update_where_duration");
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/contacts/bulk/update-where", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> ProblemAsync(HttpClient http, object body, int status, string detail)
    {
        using var response = await http.PostAsJsonAsync("/api/contacts/bulk/update-where", body);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        problem.GetProperty("detail").GetString().Should().Contain(detail);
        return problem;
    }
}
