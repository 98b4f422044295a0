using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Tenancy and authentication, and what the upload endpoint refuses.</summary>
public sealed class TenancyAndUploadTests(ITestOutputHelper log)
{
    private static IEnumerable<(HttpMethod Method, string Path)> ImportEndpoints(Guid id) =>
    [
        (HttpMethod.Get, $"/api/imports/{id}"),
        (HttpMethod.Get, $"/api/imports/{id}/status"),
        (HttpMethod.Get, $"/api/imports/{id}/events"),
        (HttpMethod.Get, $"/api/imports/{id}/errors"),
        (HttpMethod.Post, $"/api/imports/{id}/execute"),
        (HttpMethod.Post, $"/api/imports/{id}/cancel"),
        (HttpMethod.Post, $"/api/imports/{id}/retry"),
        (HttpMethod.Delete, $"/api/imports/{id}/rollback"),
        (HttpMethod.Delete, $"/api/imports/{id}"),
    ];

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Another_company_gets_404_on_every_import_endpoint_and_no_or_revoked_keys_get_401(string store)
    {
        await using var env = await CreateAsync(store, log);
        var keyA = await env.CreateKeyAsync("company-a", "alice");
        var keyB = await env.CreateKeyAsync("company-b", "bob");
        var doomed = await env.CreateKeyAsync("company-a", "mallory");
        var server = await env.StartServerAsync();
        var a = env.Client(server, keyA);
        var b = env.Client(server, keyB);
        var anonymous = env.Client(server, null);
        var revoked = env.Client(server, doomed);

        // A's import has failed rows so that retry would be allowed for A.
        var id = await ImportAsync(a, "a.csv", "email,first_name\nalice@example.com,Alice\nnot-an-email,X\n", new { });
        await WaitForStatusAsync(a, id, "completed_with_errors");
        (await GetJsonAsync(revoked, $"/api/imports/{id}")).GetProperty("import_id").GetGuid().Should().Be(id);

        var keys = await GetJsonAsync(a, "/api/keys");
        var doomedPrefix = doomed.Split('_')[1];
        var doomedId = keys.EnumerateArray().Single(k => k.GetProperty("prefix").GetString() == doomedPrefix).GetProperty("id").GetInt64();
        using (var revoke = await a.DeleteAsync(new Uri($"/api/keys/{doomedId}", UriKind.Relative)))
        {
            revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        foreach (var (method, path) in ImportEndpoints(id))
        {
            (await SendAsync(b, method, path)).Should().Be(HttpStatusCode.NotFound, "{0} {1} with another company's key", method, path);
            (await SendAsync(anonymous, method, path)).Should().Be(HttpStatusCode.Unauthorized, "{0} {1} without a key", method, path);
            (await SendAsync(revoked, method, path)).Should().Be(HttpStatusCode.Unauthorized, "{0} {1} with a revoked key", method, path);
        }

        using (var garbage = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/imports", UriKind.Relative)))
        {
            garbage.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ci_000000000000_nope");
            using var response = await anonymous.SendAsync(garbage);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        // Nothing B did touched A's import.
        var details = await DetailsAsync(a, id);
        details.GetProperty("status").GetString().Should().Be("completed_with_errors");
        Count(await GetJsonAsync(a, "/api/imports"), "total").Should().Be(1);
        Count(await GetJsonAsync(b, "/api/imports"), "total").Should().Be(0);

        // Contacts are per company too.
        var contactsOfA = await ContactsAsync(a);
        contactsOfA.Should().ContainSingle();
        var contactId = contactsOfA[0].GetProperty("id").GetInt64();
        Count(await GetJsonAsync(b, "/api/contacts"), "total").Should().Be(0);
        (await SendAsync(b, HttpMethod.Get, $"/api/contacts/{contactId}")).Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(b, HttpMethod.Delete, $"/api/contacts/{contactId}")).Should().Be(HttpStatusCode.NotFound);
        using (var export = await b.GetAsync(new Uri("/api/contacts/export.csv", UriKind.Relative)))
        {
            (await export.Content.ReadAsStringAsync()).Should().NotContain("alice@example.com");
        }

        (await ContactsAsync(a)).Should().ContainSingle();
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Oversized_garbage_and_fieldless_uploads_are_refused_and_the_server_keeps_serving(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(environment: new Dictionary<string, string>
        {
            ["CONTACTIMPORT_ContactImport__Uploads__MaxBytes"] = "1000",
        });
        var http = env.Client(server, key);

        var oversized = Encoding.UTF8.GetBytes(ContactsCsv("big", 200));
        oversized.Length.Should().BeGreaterThan(1000);
        using (var response = await PostFileAsync(http, "big.csv", oversized))
        {
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("status").GetInt32().Should().Be(413);
            problem.GetProperty("detail").GetString().Should().Contain("1000 bytes");
        }

        using (var health = await env.Client(server, null).GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            health.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var small = await UploadAsync(http, "small.csv", "email,first_name\nok@example.com,Ok\n");
        small.GetProperty("total_rows").GetInt64().Should().Be(1);

        var random = new byte[800];
        new Random(42).NextBytes(random);
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, .. random[..200]];
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. random[..100]];
        foreach (var (name, bytes) in new[] { ("random.csv", random), ("archive.csv", zip), ("image.csv", png) })
        {
            using var response = await PostFileAsync(http, name, bytes);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "{0}: {1}", name, body);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        }

        using (var noFile = await PostFileAsync(http, "small.csv", "email\na@example.com\n"u8.ToArray(), field: "attachment"))
        {
            noFile.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await noFile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("file");
        }

        using (var notMultipart = await http.PostAsync(new Uri("/api/imports", UriKind.Relative), new StringContent("email\n")))
        {
            notMultipart.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        Count(await GetJsonAsync(http, "/api/imports"), "total").Should().Be(1, "refused uploads leave nothing behind");
        (await env.Client(server, null).GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
