using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Upload → execute → follow → roll back, cancel, retry and history over real HTTP.</summary>
public sealed class ImportLifecycleTests(ITestOutputHelper log)
{
    private const string Seed =
        "email,first_name,last_name,company\n" +
        "seed0@example.com,Sam,Seed,Acme\n" +
        "seed1@example.com,Sue,Seed,Acme\n" +
        "seed2@example.com,Sid,Seed,Acme\n" +
        "seed3@example.com,Sal,Seed,Acme\n" +
        "seed4@example.com,Sol,Seed,Acme\n";

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Upload_execute_follow_events_and_rollback_restores_the_contacts_as_they_were(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync();
        var http = env.Client(server, key);

        var seed = await ImportAsync(http, "seed.csv", Seed, new { });
        await WaitForStatusAsync(http, seed, "completed");
        var before = (await ContactsAsync(http)).Select(Snapshot).ToList();
        before.Should().HaveCount(5);

        var csv = new StringBuilder("email,first_name,last_name,company\n");
        csv.Append("seed0@example.com,Samuel,Seed,Acme\nseed1@example.com,Susan,Seed,Acme\nseed2@example.com,Sidney,Seed,Acme\n");
        csv.Append("seed3@example.com,Sal,Seed,Acme\n");                    // identical: unchanged
        for (var i = 0; i < 30; i++)
        {
            csv.Append("new").Append(i).Append("@example.com,New").Append(i).Append(",Person,Initech\n");
        }

        csv.Append("new0@example.com,New0,Person,Initech\n");             // same as an earlier row: unchanged
        csv.Append("not-an-email,Bad,Row,Initech\n");                      // failed
        csv.Append("long@example.com,Long,Name,").Append('x', 201).Append('\n'); // inserted, company left out: a warning
        var upload = await UploadAsync(http, "contacts.csv", csv.ToString());
        upload.GetProperty("status").GetString().Should().Be("uploaded");
        upload.GetProperty("total_rows").GetInt64().Should().Be(37);
        upload.GetProperty("headers").EnumerateArray().Select(h => h.GetString())
            .Should().Equal("email", "first_name", "last_name", "company");
        upload.GetProperty("suggested_mapping").GetProperty("email").GetString().Should().Be("email");
        upload.GetProperty("suggested_mapping").GetProperty("first_name").GetString().Should().Be("first_name");
        upload.GetProperty("preview").GetArrayLength().Should().Be(20);
        upload.GetProperty("preview")[0].EnumerateArray().Select(v => v.GetString())
            .Should().Equal("seed0@example.com", "Samuel", "Seed", "Acme");
        var id = upload.GetProperty("import_id").GetGuid();

        using (var refused = await http.PostAsJsonAsync(new Uri($"/api/imports/{id}/execute", UriKind.Relative),
                   new { duplicate_strategy = "merge", clear_empty = true }))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.Content.ReadAsStringAsync()).Should().Contain("clear_empty applies only to the update strategy");
        }

        var executed = await ExecuteAsync(http, id, new { duplicate_strategy = "update", batch_size = 5, clear_empty = true });
        executed.GetProperty("import_id").GetGuid().Should().Be(id);

        var events = await Sse.ReadUntilCompletedAsync(http, $"/api/imports/{id}/events", Patience);
        var progress = events.Where(e => e.Name == "progress").ToList();
        progress.Should().NotBeEmpty();
        foreach (var name in new[]
                 {
                     "progress", "processed", "total", "success", "failed", "skipped", "duplicates", "current_batch",
                     "total_batches", "eta_seconds", "speed_per_minute", "warnings",
                 })
        {
            progress[^1].Data.TryGetProperty(name, out _).Should().BeTrue("a progress event carries {0}: {1}", name, progress[^1].Data);
        }

        progress[^1].Data.GetProperty("total").GetInt64().Should().Be(37);
        progress[^1].Data.GetProperty("warnings").GetInt64().Should().Be(1);
        progress[^1].Data.GetProperty("total_batches").GetInt32().Should().Be(8);
        events[^1].Name.Should().Be("completed");
        var result = events[^1].Data;
        result.GetProperty("import_id").GetGuid().Should().Be(id);
        result.GetProperty("status").GetString().Should().Be("completed_with_errors");
        Count(result, "total").Should().Be(37);
        Count(result, "inserted").Should().Be(31);
        Count(result, "warnings").Should().Be(1);
        Count(result, "updated").Should().Be(3);
        Count(result, "merged").Should().Be(0);
        Count(result, "unchanged").Should().Be(2);
        Count(result, "skipped").Should().Be(0);
        Count(result, "failed").Should().Be(1);
        Count(result, "duplicates").Should().Be(5);
        result.GetProperty("duration_ms").GetInt64().Should().BeGreaterThanOrEqualTo(0);

        var status = await GetJsonAsync(http, $"/api/imports/{id}/status");
        status.GetProperty("status").GetString().Should().Be("completed_with_errors");
        Count(status, "processed").Should().Be(37);
        Count(status, "total").Should().Be(37);
        Count(status, "success").Should().Be(36);
        Count(status, "warnings").Should().Be(1);
        Count(status, "failed").Should().Be(1);
        Count(status, "duplicates").Should().Be(5);
        status.GetProperty("progress").GetDouble().Should().Be(100);
        status.GetProperty("current_batch").GetInt32().Should().Be(8);

        (await ContactsAsync(http)).Should().HaveCount(36);
        var details = await DetailsAsync(http, id);
        Count(details, "warnings").Should().Be(1);
        details.GetProperty("options").GetProperty("clear_empty").GetBoolean().Should().BeTrue();
        details.GetProperty("file_warnings").GetArrayLength().Should().Be(0);

        using (var rollback = await http.DeleteAsync(new Uri($"/api/imports/{id}/rollback", UriKind.Relative)))
        {
            rollback.StatusCode.Should().Be(HttpStatusCode.Accepted, await rollback.Content.ReadAsStringAsync());
        }

        var rolledBack = await WaitForStatusAsync(http, id, "rolled_back");
        Count(rolledBack, "contacts_removed").Should().Be(31);
        Count(rolledBack, "contacts_restored").Should().Be(3);
        Count(rolledBack, "conflicts").Should().Be(0);
        (await ContactsAsync(http)).Select(Snapshot).Should().Equal(before);

        // A rolled-back import cannot be rolled back twice.
        using var again = await http.DeleteAsync(new Uri($"/api/imports/{id}/rollback", UriKind.Relative));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Event_stream_accepts_an_access_token_that_no_other_endpoint_accepts(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync();
        var http = env.Client(server, key);
        var id = await ImportAsync(http, "small.csv", ContactsCsv("tok", 12), new { batch_size = 4 });

        using var created = await http.PostAsync(new Uri("/api/tokens", UriKind.Relative), null);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        var anonymous = env.Client(server, null);
        var events = await Sse.ReadUntilCompletedAsync(anonymous, $"/api/imports/{id}/events?access_token={Uri.EscapeDataString(token)}",
            Patience);
        events[^1].Name.Should().Be("completed");
        Count(events[^1].Data, "inserted").Should().Be(12);

        using (var noToken = await anonymous.GetAsync(new Uri($"/api/imports/{id}/events", UriKind.Relative)))
        {
            noToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var query = await anonymous.GetAsync(new Uri($"/api/imports/{id}/status?access_token={Uri.EscapeDataString(token)}", UriKind.Relative)))
        {
            query.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var bearerToken = env.Client(server, token);
        foreach (var path in new[] { $"/api/imports/{id}", $"/api/imports/{id}/status", "/api/contacts", "/api/imports" })
        {
            using var response = await bearerToken.GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an access token must not open {0}", path);
        }

        using var post = await bearerToken.PostAsync(new Uri("/api/tokens", UriKind.Relative), null);
        post.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Cancel_stops_after_the_current_batch_and_rollback_restores_the_contacts(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(environment: new Dictionary<string, string>
        {
            ["CONTACTIMPORT_ContactImport__Workers__LeaseSeconds"] = "1.5",
        });
        var http = env.Client(server, key);
        var seed = await ImportAsync(http, "seed.csv", Seed, new { });
        await WaitForStatusAsync(http, seed, "completed");
        var before = (await ContactsAsync(http)).Select(Snapshot).ToList();

        // Small batches make the import slow enough that the cancel (seen at the next heartbeat, within a
        // third of the lease) always lands mid-file, however fast the machine; the cancel stops it long
        // before the end, so the size costs nothing.
        const int rows = 200_000;
        const int batch = 10;
        var id = await ImportAsync(http, "large.csv", ContactsCsv("big", rows), new { batch_size = batch, duplicate_strategy = "update" });
        await WaitForAsync(http, id, d => d.GetProperty("status").GetString() != "queued", "running", pollMs: 20);

        using (var cancel = await http.PostAsync(new Uri($"/api/imports/{id}/cancel", UriKind.Relative), null))
        {
            var body = await cancel.Content.ReadAsStringAsync();
            cancel.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
            JsonDocument.Parse(body).RootElement.GetProperty("status").GetString().Should().Be("cancelling");
        }

        var cancelled = await WaitForStatusAsync(http, id, "cancelled");
        var processed = Count(cancelled, "processed");
        log.WriteLine($"cancelled after {processed} of {rows} rows");
        processed.Should().BeGreaterThan(0).And.BeLessThan(rows);
        (processed % batch).Should().Be(0, "a cancel stops between batches");
        Count(cancelled, "inserted").Should().Be(processed);
        Count(cancelled, "total").Should().Be(rows);
        (await ContactsAsync(http)).Should().HaveCount((int)(5 + processed));

        using (var rollback = await http.DeleteAsync(new Uri($"/api/imports/{id}/rollback", UriKind.Relative)))
        {
            rollback.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var rolledBack = await WaitForStatusAsync(http, id, "rolled_back");
        Count(rolledBack, "contacts_removed").Should().Be(processed);
        (await ContactsAsync(http)).Select(Snapshot).Should().Equal(before);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Retry_imports_only_the_failed_rows_with_a_corrected_mapping(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync();
        var http = env.Client(server, key);

        // Three rows carry their address in the wrong column; the e-mail column holds junk there.
        const string csv =
            "email,first_name,backup_address,notes\n" +
            "ok1@example.com,Ann,,fine\n" +
            "ok2@example.com,Bob,,fine\n" +
            "see backup,Cid,cid@example.com,=HYPERLINK(\"http://evil\")\n" +
            "ok3@example.com,Dee,,fine\n" +
            "n/a,Eve,eve@example.com,+1 call\n" +
            "???,Fay,fay@example.com,@mention\n";
        var id = await ImportAsync(http, "mixed.csv", csv, new { });
        var original = await WaitForStatusAsync(http, id, "completed_with_errors");
        Count(original, "inserted").Should().Be(3);
        Count(original, "failed").Should().Be(3);

        // The error report guards formula cells and lists the original columns.
        using (var errors = await http.GetAsync(new Uri($"/api/imports/{id}/errors", UriKind.Relative)))
        {
            errors.StatusCode.Should().Be(HttpStatusCode.OK);
            errors.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
            var text = await errors.Content.ReadAsStringAsync();
            var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\n')).ToList();
            lines.Should().HaveCount(4, text);
            lines[0].Should().StartWith("row,line,level,column,value,reason").And.EndWith("email,first_name,backup_address,notes");
            text.Should().Contain("'=HYPERLINK(").And.Contain("'+1 call").And.Contain("'@mention");
            text.Should().NotContain(",=HYPERLINK").And.NotContain(",\"=HYPERLINK");
        }

        using var retry = await http.PostAsJsonAsync(new Uri($"/api/imports/{id}/retry", UriKind.Relative),
            new { mapping = new Dictionary<string, string> { ["email"] = "ignore", ["backup_address"] = "email" } });
        var body = await retry.Content.ReadAsStringAsync();
        retry.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        var retried = JsonDocument.Parse(body).RootElement;
        retried.GetProperty("retry_of").GetGuid().Should().Be(id);
        var retryId = retried.GetProperty("import_id").GetGuid();
        retryId.Should().NotBe(id);

        var done = await WaitForStatusAsync(http, retryId, "completed");
        done.GetProperty("retry_of").GetGuid().Should().Be(id);
        Count(done, "total").Should().Be(3);
        Count(done, "inserted").Should().Be(3);
        CountsAddUp(done);

        var contacts = await ContactsAsync(http);
        contacts.Select(c => c.GetProperty("email").GetString()).Should().BeEquivalentTo(
            "ok1@example.com", "ok2@example.com", "ok3@example.com", "cid@example.com", "eve@example.com", "fay@example.com");
        // The guard is stripped on the way back in: the values are exactly the original ones.
        contacts.Single(c => c.GetProperty("email").GetString() == "cid@example.com").GetProperty("notes").GetString()
            .Should().Be("=HYPERLINK(\"http://evil\")");
        contacts.Single(c => c.GetProperty("email").GetString() == "eve@example.com").GetProperty("notes").GetString()
            .Should().Be("+1 call");

        // Nothing failed the second time: nothing to retry.
        using var none = await http.PostAsync(new Uri($"/api/imports/{retryId}/retry", UriKind.Relative), null);
        none.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task History_pages_and_filters_soft_delete_hides_an_import_and_exports_guard_formulas(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync();
        var http = env.Client(server, key);

        var completed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = await ImportAsync(http, $"batch{i}.csv", ContactsCsv($"h{i}-", 4), new { });
            await WaitForStatusAsync(http, id, "completed");
            completed.Add(id);
        }

        var withErrors = await ImportAsync(http, "errors.csv",
            "email,first_name,notes\nformula@example.com,Fx,=SUM(1+1)\nbroken,Bad,x\n", new { });
        await WaitForStatusAsync(http, withErrors, "completed_with_errors");

        var page1 = await GetJsonAsync(http, "/api/imports?page=1&page_size=2&status=completed");
        page1.GetProperty("page").GetInt32().Should().Be(1);
        page1.GetProperty("page_size").GetInt32().Should().Be(2);
        Count(page1, "total").Should().Be(3);
        page1.GetProperty("items").GetArrayLength().Should().Be(2);
        page1.GetProperty("items").EnumerateArray().Should().OnlyContain(i => i.GetProperty("status").GetString() == "completed");
        var summary = page1.GetProperty("summary");
        Count(summary, "imports").Should().Be(4);
        Count(summary, "inserted").Should().Be(13);
        Count(summary, "failed").Should().Be(1);
        var page2 = await GetJsonAsync(http, "/api/imports?page=2&page_size=2&status=completed");
        page2.GetProperty("items").GetArrayLength().Should().Be(1);
        page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("import_id").GetGuid()).Should().BeEquivalentTo(completed);
        Count(await GetJsonAsync(http, "/api/imports"), "total").Should().Be(4);

        using (var template = await http.GetAsync(new Uri("/api/imports/template.csv", UriKind.Relative)))
        {
            template.StatusCode.Should().Be(HttpStatusCode.OK);
            template.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
            (await template.Content.ReadAsStringAsync()).Should().StartWith("first_name,last_name,email,phone");
        }

        // Soft delete: gone from the history; the details stay readable (the audit trail), a second delete is 404.
        using (var delete = await http.DeleteAsync(new Uri($"/api/imports/{completed[0]}", UriKind.Relative)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var after = await GetJsonAsync(http, "/api/imports?page=1&page_size=50&status=completed");
        Count(after, "total").Should().Be(2);
        after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("import_id").GetGuid()).Should().NotContain(completed[0]);
        (await DetailsAsync(http, completed[0])).GetProperty("status").GetString().Should().Be("completed");
        using (var again = await http.DeleteAsync(new Uri($"/api/imports/{completed[0]}", UriKind.Relative)))
        {
            again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using var export = await http.GetAsync(new Uri("/api/contacts/export.csv", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var csv = await export.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(1 + 13);
        lines[0].Should().Be(string.Join(",", Core.Contacts.ContactCsv.Header));
        lines.Single(l => l.Contains("formula@example.com", StringComparison.Ordinal)).Should().Contain(",'=SUM(1+1),");
        csv.Should().NotContain(",=SUM");
    }
}
