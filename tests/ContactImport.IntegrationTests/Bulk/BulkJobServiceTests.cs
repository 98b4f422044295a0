using System.Net;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Bulk;

/// <summary>NDJSON bulk jobs: posted, run by a worker as an ndjson import, followed to the end, results in input order.</summary>
public sealed class BulkJobServiceTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Service.Stores.Sqlite)]
    [InlineData(Service.Stores.Postgres)]
    public async Task An_ndjson_job_runs_as_an_import_and_reports_its_failed_lines_in_input_order(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var globexKey = await env.CreateKeyAsync("globex");
        var server = await env.StartServerAsync(workers: 1);
        var http = env.Client(server, key);

        var ndjson = """
            {"email":"a@x.test","first_name":"Ann"}
            {"email":"b@x.test","first_name":"Bo"}
            {"first_name":"No key"}
            {"email":"c@x.test","first_name":"Cy"}
            {"email":"A@x.test","first_name":"Again"}
            {"email":"not-an-email","first_name":"Bad"}
            """;
        var job = await PostJobAsync(http, ndjson, "");
        var id = job.GetProperty("job_id").GetGuid();
        job.GetProperty("status").GetString().Should().Be("queued");
        job.GetProperty("links").GetProperty("events").GetString().Should().Be($"/api/imports/{id}/events");

        await WaitForStatusAsync(http, id, "completed_with_errors");
        var done = await GetJsonAsync(http, $"/api/contacts/bulk/jobs/{id}");
        (Count(done, "total"), Count(done, "inserted"), Count(done, "skipped"), Count(done, "failed"))
            .Should().Be((6, 3, 1, 2), "a later line repeating a key is a duplicate (skipped by create), not an error");
        (await DetailsAsync(http, id)).GetProperty("format").GetString().Should().Be("ndjson");

        var lines = (await http.GetStringAsync($"/api/contacts/bulk/jobs/{id}/results"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        lines.Should().HaveCount(3);
        lines[0].GetProperty("index").GetInt64().Should().Be(3);
        lines[1].GetProperty("index").GetInt64().Should().Be(6);
        lines[1].GetProperty("status").GetString().Should().Be("failed");
        lines[1].GetProperty("error").GetProperty("field").GetString().Should().Be("email");
        Count(lines[2].GetProperty("summary"), "inserted").Should().Be(3);

        var upsert = await PostJobAsync(http, """{"email":"b@x.test","city":"Oslo"}""" + "\n", "?op=upsert");
        var upsertId = upsert.GetProperty("job_id").GetGuid();
        await WaitForStatusAsync(http, upsertId, "completed");
        Count(await GetJsonAsync(http, $"/api/contacts/bulk/jobs/{upsertId}"), "updated").Should().Be(1);
        (await ContactsAsync(http)).Single(c => c.GetProperty("email").GetString() == "b@x.test")
            .GetProperty("city").GetString().Should().Be("Oslo");

        var globex = env.Client(server, globexKey);
        (await globex.GetAsync($"/api/contacts/bulk/jobs/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await globex.GetAsync($"/api/contacts/bulk/jobs/{id}/results")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var csv = await http.PostAsync("/api/contacts/bulk/jobs", new StringContent("email\na@x.test\n", Encoding.UTF8, "text/csv"));
        csv.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        using var badOp = await http.PostAsync("/api/contacts/bulk/jobs?op=delete", Ndjson(ndjson));
        badOp.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private static StringContent Ndjson(string body) => new(body, Encoding.UTF8, "application/x-ndjson");

    private static async Task<JsonElement> PostJobAsync(HttpClient http, string body, string query)
    {
        using var response = await http.PostAsync($"/api/contacts/bulk/jobs{query}", Ndjson(body));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
