using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using ContactImport.Storage;
using static ContactImport.IntegrationTests.Bulk.BulkServer;

using StoreNames = ContactImport.IntegrationTests.Service.Stores;

namespace ContactImport.IntegrationTests.Bulk;

/// <summary><c>POST /api/contacts/bulk/*</c> on a real server, both stores: every item status and error code, atomic and
/// partial, dry run, versions, tenancy.</summary>
public sealed class BulkApiTests(BulkServers servers) : IClassFixture<BulkServers>
{
    private readonly string _p = "b" + Guid.NewGuid().ToString("N")[..10];

    private string Email(string name) => $"{_p}{name}@x.test";

    private async Task<long[]> CreateAsync(HttpClient http, params string[] items)
    {
        var (status, body) = await BulkAsync(http, "create", $$"""{"items":[{{string.Join(",", items)}}]}""");
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        return [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Create_inserts_new_items_and_fails_each_bad_one_with_its_code_field_and_holder(string store)
    {
        var http = servers[store].Acme;
        var existing = (await CreateAsync(http, $$"""{"email":"{{Email("c")}}"}"""))[0];

        var (status, body) = await BulkAsync(http, "create", $$"""
            {"items":[
              {"ref":"a","email":"{{Email("a")}}","first_name":"Ann","tags":["vip","b2b"]},
              {"ref":"b","email":"{{Email("b")}}","company":"Acme"},
              {"ref":"a2","email":"{{Email("a").ToUpperInvariant()}}"},
              {"ref":"bad","email":"not-an-email"},
              {"ref":"c","email":"{{Email("c")}}"},
              {"ref":"nokey","first_name":"Nobody"},
              {"ref":"odd","nickname":"Al"}
            ]}
            """);

        status.Should().Be(HttpStatusCode.MultiStatus, body.ToString());
        (Status(body, 0), Status(body, 1)).Should().Be(("inserted", "inserted"));
        Item(body, 0).GetProperty("ref").GetString().Should().Be("a");
        Item(body, 0).GetProperty("version").GetInt32().Should().Be(1);
        var ann = (await ContactAsync(http, Id(body, 0)))!.Value;
        ann.GetProperty("email").GetString().Should().Be(Email("a"));
        ann.GetProperty("first_name").GetString().Should().Be("Ann");
        ann.GetProperty("tags").GetRawText().Should().Be("""["vip","b2b"]""");
        Code(body, 2).Should().Be("duplicate_in_request");
        Item(body, 2).GetProperty("error").GetProperty("field").GetString().Should().Be("email");
        Code(body, 3).Should().Be("validation_failed");
        Item(body, 3).GetProperty("error").GetProperty("field").GetString().Should().Be("email");
        Code(body, 4).Should().Be("already_exists");
        Item(body, 4).GetProperty("error").GetProperty("existing_id").GetInt64().Should().Be(existing);
        Code(body, 5).Should().Be("validation_failed");
        Code(body, 6).Should().Be("validation_failed");
        Item(body, 6).GetProperty("error").GetProperty("field").GetString().Should().Be("nickname");
        body.GetProperty("summary").GetProperty("failed").GetInt32().Should().Be(5);
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task An_atomic_call_with_one_bad_item_rolls_every_item_back_and_writes_nothing(string store)
    {
        var http = servers[store].Acme;

        var (status, body) = await BulkAsync(http, "create", $$"""
            {"mode":"atomic","items":[{"email":"{{Email("d")}}"},{"email":"{{Email("e")}}","phone":"not a phone"}]}
            """);

        status.Should().Be(HttpStatusCode.UnprocessableEntity, body.ToString());
        (Status(body, 0), Code(body, 0)).Should().Be(("rolled_back", "rolled_back"));
        Item(body, 0).GetProperty("id").ValueKind.Should().Be(JsonValueKind.Null);
        (Status(body, 1), Code(body, 1)).Should().Be(("failed", "validation_failed"));
        (await CountAsync(http, _p)).Should().Be(0);

        var (fine, _) = await BulkAsync(http, "create", $$"""{"mode":"atomic","items":[{"email":"{{Email("d")}}"}]}""");
        fine.Should().Be(HttpStatusCode.OK);
        (await CountAsync(http, _p)).Should().Be(1);
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task A_dry_run_reports_the_exact_outcomes_and_changes_nothing(string store)
    {
        var http = servers[store].Acme;
        var id = (await CreateAsync(http, $$"""{"email":"{{Email("e")}}","first_name":"E"}"""))[0];

        var (status, body) = await BulkAsync(http, "upsert", $$"""
            {"dry_run":true,"items":[{"email":"{{Email("e")}}","first_name":"F"},{"email":"{{Email("new")}}"}]}
            """);

        status.Should().Be(HttpStatusCode.OK, body.ToString());
        body.GetProperty("dry_run").GetBoolean().Should().BeTrue();
        (Status(body, 0), Id(body, 0), Item(body, 0).GetProperty("version").GetInt32()).Should().Be(("updated", id, 2));
        Status(body, 1).Should().Be("inserted");
        Item(body, 1).GetProperty("id").ValueKind.Should().Be(JsonValueKind.Null);
        var contact = (await ContactAsync(http, id))!.Value;
        (contact.GetProperty("first_name").GetString(), contact.GetProperty("version").GetInt32()).Should().Be(("E", 1));
        (await CountAsync(http, _p)).Should().Be(1);
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Upsert_follows_the_import_rules_null_clears_and_tags_add(string store)
    {
        var http = servers[store].Acme;
        var id = (await CreateAsync(http,
            $$"""{"email":"{{Email("x")}}","first_name":"X","city":"Paris","tags":["a"]}"""))[0];

        var (_, updated) = await BulkAsync(http, "upsert",
            $$"""{"items":[{"email":"{{Email("x")}}","first_name":"Y","city":null,"tags":["b"]}]}""");
        var (_, same) = await BulkAsync(http, "upsert",
            $$"""{"items":[{"email":"{{Email("x")}}","first_name":"Y","city":null,"tags":["b"]}]}""");
        var (_, merged) = await BulkAsync(http, "upsert",
            $$"""{"on_match":"merge","items":[{"email":"{{Email("x")}}","first_name":"Z","job_title":"CTO"}]}""");
        var (_, skipped) = await BulkAsync(http, "upsert",
            $$"""{"on_match":"skip","items":[{"email":"{{Email("x")}}","first_name":"Q"}]}""");

        (Status(updated, 0), Id(updated, 0), Item(updated, 0).GetProperty("version").GetInt32()).Should().Be(("updated", id, 2));
        (Status(same, 0), Item(same, 0).GetProperty("version").GetInt32()).Should().Be(("unchanged", 2));
        (Status(merged, 0), Item(merged, 0).GetProperty("version").GetInt32()).Should().Be(("merged", 3));
        (Status(skipped, 0), Id(skipped, 0)).Should().Be(("skipped", id));
        var contact = (await ContactAsync(http, id))!.Value;
        contact.GetProperty("first_name").GetString().Should().Be("Y", "merge fills only empty fields, skip changes nothing");
        contact.GetProperty("job_title").GetString().Should().Be("CTO");
        contact.GetProperty("city").ValueKind.Should().Be(JsonValueKind.Null, "null clears a field");
        contact.GetProperty("tags").GetRawText().Should().Be("""["a","b"]""", "tags add");
        contact.GetProperty("version").GetInt32().Should().Be(3);
        (await servers[store].Env.ScalarAsync($"SELECT count(*) FROM contact_changes WHERE contact_id = {id}")).Should()
            .Be(0, "a bulk call has no rollback, so it keeps no before-images (nor the personal data in them)");
        (await servers[store].Env.ScalarAsync("SELECT count(*) FROM import_batches WHERE import_id NOT IN (SELECT id FROM imports)"))
            .Should().Be(0, "a bulk call is no import: it records no batch timings or checkpoint");
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Keys_naming_different_contacts_are_ambiguous_and_a_taken_key_names_its_holder(string store)
    {
        var http = servers[store].Acme;
        var ids = await CreateAsync(http,
            $$"""{"email":"{{Email("m1")}}","external_id":"{{_p}}-E1"}""", $$"""{"email":"{{Email("m2")}}"}""");

        var (ambiguous, a) = await BulkAsync(http, "upsert",
            $$"""{"items":[{"external_id":"{{_p}}-E1","email":"{{Email("m2")}}"}]}""");
        var (taken, t) = await BulkAsync(http, "upsert",
            $$"""{"match_on":["email"],"items":[{"email":"{{Email("m2")}}","external_id":"{{_p}}-E1"}]}""");

        ambiguous.Should().Be(HttpStatusCode.MultiStatus);
        Code(a, 0).Should().Be("ambiguous_match");
        Item(a, 0).GetProperty("error").GetProperty("existing_id").GetInt64().Should().Be(ids[0]);
        taken.Should().Be(HttpStatusCode.MultiStatus);
        Code(t, 0).Should().Be("already_exists");
        Item(t, 0).GetProperty("error").GetProperty("field").GetString().Should().Be("external_id");
        Item(t, 0).GetProperty("error").GetProperty("existing_id").GetInt64().Should().Be(ids[0]);
        (await ContactAsync(http, ids[1]))!.Value.GetProperty("version").GetInt32().Should().Be(1, "nothing was written");
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Update_checks_expected_versions_and_another_companys_id_is_not_found_and_untouched(string store)
    {
        var (acme, globex) = (servers[store].Acme, servers[store].Globex);
        var id = (await CreateAsync(acme, $$"""{"email":"{{Email("u")}}"}"""))[0];

        var (ok, first) = await BulkAsync(acme, "update", $$"""{"items":[{"id":{{id}},"expected_version":1,"first_name":"A"}]}""");
        var (_, stale) = await BulkAsync(acme, "update", $$"""{"items":[{"id":{{id}},"expected_version":1,"first_name":"B"}]}""");
        var (_, missing) = await BulkAsync(acme, "update",
            $$"""{"items":[{"id":987654321987,"first_name":"C"},{"email":"{{Email("nobody")}}","first_name":"D"}]}""");
        var (_, foreign) = await BulkAsync(globex, "update", $$"""{"items":[{"id":{{id}},"first_name":"Evil"}]}""");
        var (_, foreignDelete) = await BulkAsync(globex, "delete", $$"""{"items":[{"id":{{id}}}]}""");

        ok.Should().Be(HttpStatusCode.OK);
        (Status(first, 0), Item(first, 0).GetProperty("version").GetInt32()).Should().Be(("updated", 2));
        Code(stale, 0).Should().Be("version_conflict");
        var conflict = Item(stale, 0).GetProperty("error");
        (conflict.GetProperty("current_version").GetInt32(), conflict.GetProperty("existing_id").GetInt64()).Should().Be((2, id));
        (Code(missing, 0), Code(missing, 1)).Should().Be(("not_found", "not_found"));
        Code(foreign, 0).Should().Be("not_found");
        Code(foreignDelete, 0).Should().Be("not_found");
        var contact = (await ContactAsync(acme, id))!.Value;
        (contact.GetProperty("first_name").GetString(), contact.GetProperty("version").GetInt32()).Should().Be(("A", 2));
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Delete_removes_the_named_contacts_and_reports_each_one_it_could_not(string store)
    {
        var http = servers[store].Acme;
        var ids = await CreateAsync(http, $$"""{"email":"{{Email("d1")}}"}""", $$"""{"email":"{{Email("d2")}}"}""");

        var (status, body) = await BulkAsync(http, "delete", $$"""
            {"items":[{"id":{{ids[0]}},"ref":"r"},{"id":{{ids[0]}}},{"id":987654321987},
                      {"id":{{ids[1]}},"expected_version":5},{"email":"{{Email("d2")}}"}]}
            """);

        status.Should().Be(HttpStatusCode.MultiStatus, body.ToString());
        (Status(body, 0), Id(body, 0)).Should().Be(("deleted", ids[0]));
        Code(body, 1).Should().Be("duplicate_in_request");
        Code(body, 2).Should().Be("not_found");
        Code(body, 3).Should().Be("version_conflict");
        Item(body, 3).GetProperty("error").GetProperty("current_version").GetInt32().Should().Be(1);
        Code(body, 4).Should().Be("validation_failed");
        (await ContactAsync(http, ids[0])).Should().BeNull();
        (await ContactAsync(http, ids[1])).Should().NotBeNull();
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Too_many_items_or_bytes_are_413_and_a_value_over_its_limit_is_limit_exceeded(string store)
    {
        var http = servers[store].Acme;
        var tooMany = $$"""{"items":[{{string.Join(",", Enumerable.Repeat("{}", 1001))}}]}""";
        var notes = new string('n', 9_000);
        var tooLarge = $$"""{"items":[{{string.Join(",", Enumerable.Range(0, 600).Select(i => $$"""{"email":"{{Email("l" + i)}}","notes":"{{notes}}"}"""))}}]}""";

        var (many, _) = await BulkAsync(http, "create", tooMany);
        var (large, _) = await BulkAsync(http, "create", tooLarge);
        var (_, body) = await BulkAsync(http, "create", $$"""{"items":[{"email":"{{Email("long")}}","first_name":"{{new string('x', 101)}}"}]}""");

        many.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        large.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        Code(body, 0).Should().Be("limit_exceeded");
        Item(body, 0).GetProperty("error").GetProperty("field").GetString().Should().Be("first_name");
        (await CountAsync(http, _p)).Should().Be(0);
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task An_idempotency_key_replays_its_first_response_refuses_another_body_and_409s_while_running(string store)
    {
        var server = servers[store];
        var http = server.Acme;
        var key = Guid.NewGuid().ToString();
        var request = $$"""{"items":[{"email":"{{Email("i1")}}"},{"email":"bad"}]}""";

        var (firstStatus, firstBody, first) = await PostAsync(http, "/api/contacts/bulk/create", request, key);
        var (againStatus, againBody, again) = await PostAsync(http, "/api/contacts/bulk/create", request, key);
        var (otherStatus, _, other) = await PostAsync(http, "/api/contacts/bulk/create",
            request.Replace("i1@", "i2@", StringComparison.Ordinal), key);
        var (globexStatus, _, globex) = await PostAsync(server.Globex, "/api/contacts/bulk/create",
            request.Replace("i1@", "i3@", StringComparison.Ordinal), key);
        var running = Guid.NewGuid().ToString();
        await using (var store2 = StoreFactory.Create(server.Env.Database))
        {
            var company = await store2.EnsureCompanyAsync("acme", CancellationToken.None);
            await store2.Idempotency.BeginAsync(company, running, "another request", DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var (busyStatus, _, busy) = await PostAsync(http, "/api/contacts/bulk/create", request, running);

        firstStatus.Should().Be(HttpStatusCode.MultiStatus);
        againStatus.Should().Be(firstStatus);
        againBody.GetRawText().Should().Be(firstBody.GetRawText(), "the stored response is replayed as it was");
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        otherStatus.Should().Be(HttpStatusCode.UnprocessableEntity);
        globexStatus.Should().Be(HttpStatusCode.MultiStatus, "keys are per company");
        busyStatus.Should().Be(HttpStatusCode.Conflict);
        busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        (await CountAsync(http, _p)).Should().Be(1, "the replay wrote nothing");
        foreach (var response in new[] { first, again, other, globex, busy })
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Patch_with_a_stale_if_match_is_412_with_the_current_version(string store)
    {
        var http = servers[store].Acme;
        var id = (await CreateAsync(http, $$"""{"email":"{{Email("p")}}"}"""))[0];

        var (okStatus, ok, okResponse) = await PostAsync(http, $"/api/contacts/{id}", """{"first_name":"P"}""",
            ifMatch: "1", method: HttpMethod.Patch);
        var (staleStatus, stale, staleResponse) = await PostAsync(http, $"/api/contacts/{id}", """{"first_name":"Q"}""",
            ifMatch: "1", method: HttpMethod.Patch);

        okStatus.Should().Be(HttpStatusCode.OK, ok.ToString());
        okResponse.Headers.ETag!.Tag.Should().Be("\"2\"");
        staleStatus.Should().Be(HttpStatusCode.PreconditionFailed);
        staleResponse.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        stale.GetProperty("current_version").GetInt32().Should().Be(2);
        (await ContactAsync(http, id))!.Value.GetProperty("first_name").GetString().Should().Be("P");
        okResponse.Dispose();
        staleResponse.Dispose();
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task Bulk_tags_add_and_remove_tags_and_an_unknown_or_foreign_contact_fails_its_entry(string store)
    {
        var (acme, globex) = (servers[store].Acme, servers[store].Globex);
        var id = (await CreateAsync(acme, $$"""{"email":"{{Email("t")}}","tags":["a"]}"""))[0];

        var (status, body) = await BulkAsync(acme, "tags", $$"""
            {"add":[{"ref":"x","contact":{{id}},"tags":["b","B"]},{"contact":{"email":"{{Email("nobody")}}"},"tags":["z"]}],
             "remove":[{"contact":{"email":"{{Email("t").ToUpperInvariant()}}"},"tags":["A"]}]}
            """);
        var (_, foreign) = await BulkAsync(globex, "tags", $$"""{"remove":[{"contact":{{id}},"tags":["b"]}]}""");

        status.Should().Be(HttpStatusCode.MultiStatus, body.ToString());
        (Status(body, 0), Code(body, 1), Status(body, 2)).Should().Be(("updated", "not_found", "updated"));
        Item(body, 2).GetProperty("version").GetInt32().Should().Be(2);
        Code(foreign, 0).Should().Be("not_found");
        var contact = (await ContactAsync(acme, id))!.Value;
        contact.GetProperty("tags").GetRawText().Should().Be("""["b"]""");
        contact.GetProperty("version").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData(StoreNames.Sqlite)]
    [InlineData(StoreNames.Postgres)]
    public async Task The_bulk_verb_streams_an_ndjson_file_and_prints_one_result_per_line(string store)
    {
        var server = servers[store];
        var file = Path.Combine(server.Env.Directory, _p + ".ndjson");
        await File.WriteAllTextAsync(file,
            $$"""{"email":"{{Email("v1")}}"}""" + "\n\n" + "{not json\n" + $$"""{"email":"{{Email("v2")}}","first_name":"V"}""" + "\n");

        var (code, stdout, stderr) = await server.Env.CliAsync("bulk", file, "--op", "upsert", "--company", "acme");
        var (jsonCode, json, _) = await server.Env.CliAsync("bulk", file, "--op", "upsert", "--company", "acme", "--json");

        code.Should().Be(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => (l.GetProperty("index").GetInt32(), l.GetProperty("status").GetString()))
            .Should().Equal((0, "inserted"), (1, "failed"), (2, "inserted"));
        jsonCode.Should().Be(0);
        var summary = JsonDocument.Parse(json).RootElement;
        (summary.GetProperty("total").GetInt32(), summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("failed").GetInt32())
            .Should().Be((3, 2, 1));
        (await CountAsync(server.Acme, _p)).Should().Be(2);
    }

    [Fact]
    public async Task Metrics_count_bulk_items_by_operation_and_status()
    {
        var http = servers[StoreNames.Sqlite].Acme;
        var before = await InsertedAsync(http);

        await BulkAsync(http, "create",
            $$"""{"items":[{"email":"{{Email("1")}}"},{"email":"{{Email("2")}}"},{"email":"{{Email("3")}}"},{"email":"bad"}]}""");

        var text = "";
        await Eventually.Until(async () => (await InsertedAsync(http, t => text = t)) >= before + 3,
            () => $"the bulk call's items in /metrics: {text}", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        text.Should().Contain("contactimport_bulk_duration").And.Contain("status=\"failed\"");
        text.Should().Contain("contactimport_bulk_duration_seconds_bucket{otel_scope_name=\"ContactImport\",op=\"create\",le=\"0.05\"}",
            "durations in seconds get buckets in seconds");
    }

    [Fact]
    public async Task The_openapi_document_shows_every_bulk_shape()
    {
        var document = await ServiceHarness.GetJsonAsync(servers[StoreNames.Sqlite].Acme, "/openapi/v1.json");

        foreach (var op in new[] { "create", "update", "upsert", "delete", "tags" })
        {
            var post = document.GetProperty("paths").GetProperty($"/api/contacts/bulk/{op}").GetProperty("post");
            post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should()
                .Contain(["200", "207", "400", "409", "413", "422"]);
            post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _).Should().BeTrue();
        }

        var schemas = document.GetProperty("components").GetProperty("schemas");
        schemas.EnumerateObject().Select(s => s.Name).Should().Contain(n => n.Contains("Response", StringComparison.Ordinal));
        document.GetRawText().Should().Contain("current_version").And.Contain("existing_id").And.Contain("rolled_back");
    }

    private static async Task<double> InsertedAsync(HttpClient http, Action<string>? seen = null)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        seen?.Invoke(text);
        return text.Split('\n')
            .Where(l => l.StartsWith("contactimport_bulk_items_total{", StringComparison.Ordinal)
                        && l.Contains("op=\"create\"", StringComparison.Ordinal) && l.Contains("status=\"inserted\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
