using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>The OpenAPI document and the API reference page: public, and complete about every endpoint's answers.</summary>
public sealed class ApiReferenceTests(ITestOutputHelper log)
{
    /// <summary>Every endpoint with the status codes its typed results declare.</summary>
    public static readonly TheoryData<string, string, int[]> Endpoints = new()
    {
        { "post", "/api/imports", [201, 400, 413, 422] },
        { "get", "/api/imports", [200, 400] },
        { "get", "/api/imports/template.csv", [200] },
        { "get", "/api/imports/{id}", [200, 404] },
        { "delete", "/api/imports/{id}", [204, 404, 409] },
        { "post", "/api/imports/{id}/execute", [202, 400, 404, 409] },
        { "get", "/api/imports/{id}/status", [200, 404] },
        { "get", "/api/imports/{id}/events", [200, 204, 404] },
        { "post", "/api/imports/{id}/cancel", [202, 404, 409] },
        { "delete", "/api/imports/{id}/rollback", [202, 404, 409] },
        { "post", "/api/imports/{id}/retry", [202, 400, 404, 409] },
        { "get", "/api/imports/{id}/errors", [200, 404] },
        { "get", "/api/imports/{id}/preview", [200, 404, 422] },
        { "get", "/api/contacts", [200] },
        { "post", "/api/contacts", [201, 400, 409] },
        { "get", "/api/contacts/export.csv", [200] },
        { "get", "/api/contacts/{id}", [200, 404] },
        { "patch", "/api/contacts/{id}", [200, 400, 404, 409, 412] },
        { "delete", "/api/contacts/{id}", [200, 204, 404] },
        { "get", "/api/notifications", [200] },
        { "post", "/api/notifications/{id}/read", [204, 404] },
        { "get", "/api/keys", [200] },
        { "post", "/api/keys", [201, 400] },
        { "delete", "/api/keys/{id}", [204, 404] },
        { "post", "/api/tokens", [201] },
        { "get", "/api/fields", [200] },
        { "get", "/api/users", [200, 400] },
        { "put", "/api/users/{user}/phone", [200, 400, 404, 503] },
        { "delete", "/api/users/{user}/phone", [200, 404] },
        { "get", "/api/me", [200, 404] },
        { "put", "/api/me/phone", [200, 400, 404, 503] },
        { "delete", "/api/me/phone", [200, 404] },
        { "put", "/api/me/discoverable", [200, 400, 404] },
        { "post", "/api/contacts/bulk/create", [200, 207, 400, 409, 413, 422] },
        { "post", "/api/contacts/bulk/update", [200, 207, 400, 409, 413, 422] },
        { "post", "/api/contacts/bulk/upsert", [200, 207, 400, 409, 413, 422] },
        { "post", "/api/contacts/bulk/delete", [200, 207, 400, 409, 413, 422] },
        { "post", "/api/contacts/bulk/tags", [200, 207, 400, 409, 413, 422] },
        { "post", "/api/contacts/bulk/update-where", [200, 400, 409, 422] },
        { "get", "/api/contacts/bulk/change-sets/{id}", [200, 404] },
        { "delete", "/api/contacts/bulk/change-sets/{id}", [200, 404, 409] },
        { "post", "/api/contacts/bulk/jobs", [202, 400, 413, 415, 422] },
        { "get", "/api/contacts/bulk/jobs/{id}", [200, 404] },
        { "get", "/api/contacts/bulk/jobs/{id}/results", [200, 404] },
        { "get", "/api/contacts/sync/params", [200] },
        { "post", "/api/contacts/sync", [200, 400, 409, 413, 429] },
        { "post", "/api/contacts/sync/estimate", [200] },
        { "get", "/api/contacts/sync/statistics", [200, 400] },
        { "post", "/api/contacts/sync/bulk-insert", [200, 400, 404, 413] },
        { "post", "/api/contacts/sync/params/rotate", [200] },
    };

    private static readonly HashSet<string> BulkItemPaths =
        [.. new[] { "create", "update", "upsert", "delete", "tags" }.Select(op => "/api/contacts/bulk/" + op)];

    [Fact]
    public async Task The_OpenAPI_document_lists_every_endpoint_with_its_responses_and_the_reference_page_answers()
    {
        await using var env = await CreateAsync(Stores.Sqlite, log);
        var anonymous = env.Client(await env.StartServerAsync(workers: 0), null);

        var document = await GetJsonAsync(anonymous, "/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var listed = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Method: o.Name, Path: p.Name)))
            .ToHashSet();
        listed.Should().BeEquivalentTo(Endpoints.Select(row => ((string)row[0], (string)row[1])),
            "the document lists exactly the API's endpoints");
        foreach (var row in Endpoints)
        {
            var (method, path, codes) = ((string)row[0], (string)row[1], (int[])row[2]);
            var responses = paths.GetProperty(path).GetProperty(method).GetProperty("responses");
            responses.EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture))
                .Should().BeEquivalentTo(codes, "{0} {1}", method, path);
            foreach (var error in codes.Where(c => c >= 400))
            {
                // An atomic bulk call that failed answers 422 with its per-item envelope, so every item's fate is told.
                var envelope = error == 422 && BulkItemPaths.Contains(path);
                responses.GetProperty(error.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .GetProperty("content").TryGetProperty(envelope ? "application/json" : "application/problem+json", out _)
                    .Should().BeTrue("{0} {1} answers {2} as {3}", method, path, error, envelope ? "the envelope" : "problem details");
            }
        }

        // The upload response tells what was read and, for a workbook, which sheets there are.
        var upload = document.GetProperty("components").GetProperty("schemas").GetProperty("Upload").GetProperty("properties");
        foreach (var name in new[] { "format", "encoding", "separator", "sheets", "sheet", "skipped_lines", "warnings" })
        {
            upload.TryGetProperty(name, out _).Should().BeTrue("Upload has {0}", name);
        }

        // The details are a named shape with the state machine's answers in it.
        var details = paths.GetProperty("/api/imports/{id}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        details.Should().Be("#/components/schemas/ImportDetails");
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("ImportDetails")
            .GetProperty("properties");
        foreach (var name in new[] { "import_id", "status", "mapping", "options", "can_rollback", "can_retry", "can_cancel", "is_final" })
        {
            properties.TryGetProperty(name, out _).Should().BeTrue("ImportDetails has {0}", name);
        }

        // The contact is written by a converter; its schema still lists every field of the contact schema.
        var contact = paths.GetProperty("/api/contacts/{id}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (contact.TryGetProperty("$ref", out var reference))
        {
            contact = document.GetProperty("components").GetProperty("schemas")
                .GetProperty(reference.GetString()!["#/components/schemas/".Length..]);
        }

        var contactProperties = contact.GetProperty("properties");
        contactProperties.EnumerateObject().Select(p => p.Name).Should().Contain(
            ["id", "version", "created_at", "updated_at", "extra_emails", "extra_phones", "custom_fields",
             .. Core.Contacts.ContactSchema.Fields.Select(f => f.Name)]);
        foreach (var name in new[] { "street", "birthday", "website" })
        {
            contactProperties.GetProperty(name).GetProperty("type").EnumerateArray().Select(t => t.GetString())
                .Should().Contain("string", "{0} is text", name);
        }

        contactProperties.GetProperty("website").GetProperty("format").GetString().Should().Be("uri");
        foreach (var list in new[] { "tags", "extra_emails", "extra_phones" })
        {
            contactProperties.GetProperty(list).GetProperty("type").GetString().Should().Be("array", "{0} is a list", list);
        }

        contactProperties.GetProperty("custom_fields").GetProperty("type").GetString().Should().Be("object");

        using var page = await anonymous.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json", "the page reads the document");
        foreach (var asset in new[] { "/scalar/scalar.js", "/scalar/scalar.aspnetcore.js" })
        {
            using var script = await anonymous.GetAsync(new Uri(asset, UriKind.Relative));
            script.StatusCode.Should().Be(HttpStatusCode.OK, "the page loads {0}", asset);
        }
    }
}
