using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Key roles on a real server: every operation of the OpenAPI document, called with each role's key.</summary>
public sealed class RoleTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Each_role_reaches_exactly_its_endpoints_and_gets_403_problem_json_everywhere_else_and_admins_hand_out_roles(string store)
    {
        await using var env = await CreateAsync(store, log);
        var keys = new Dictionary<string, string>
        {
            ["admin"] = await env.CreateKeyAsync("acme", "boss"),
            ["member"] = await env.CreateKeyAsync("acme", "mia", "member"),
            ["sync"] = await env.CreateKeyAsync("acme", "app", "sync"),
        };
        var server = await env.StartServerAsync(workers: 0);
        var document = await GetJsonAsync(env.Client(server, null), "/openapi/v1.json");
        var operations = Operations(document).ToList();
        operations.Select(o => o.Path).Should().Contain(["/api/keys", "/api/users", "/api/me", "/api/imports", "/api/contacts"]);

        foreach (var (role, key) in keys)
        {
            var http = env.Client(server, key);
            foreach (var (method, path, url) in operations)
            {
                using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
                var body = await response.Content.ReadAsStringAsync();
                if (Forbidden(role, path))
                {
                    response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "{0} {1} with a {2} key: {3}", method, url, role, body);
                    response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
                    JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().Contain(role);
                }
                else
                {
                    response.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, "{0} {1} with a {2} key: {3}", method, url, role, body)
                        .And.NotBe(HttpStatusCode.Unauthorized);
                }
            }
        }

        // Each key reports its role, and the admin sees every key with its role.
        (await GetJsonAsync(env.Client(server, keys["sync"]), "/api/me")).GetProperty("role").GetString().Should().Be("sync");
        var listed = await GetJsonAsync(env.Client(server, keys["admin"]), "/api/keys");
        listed.EnumerateArray().Select(k => (k.GetProperty("user").GetString(), k.GetProperty("role").GetString()))
            .Should().Contain([("boss", "admin"), ("mia", "member"), ("app", "sync")]);

        // An admin hands out a key of any role over the API; an unknown role is refused by the API and the CLI.
        var admin = env.Client(server, keys["admin"]);
        using (var created = await admin.PostAsync(new Uri("/api/keys", UriKind.Relative), Json("""{"user":"phone-app","role":"sync"}""")))
        {
            var key = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
            created.StatusCode.Should().Be(HttpStatusCode.Created, key.ToString());
            key.GetProperty("role").GetString().Should().Be("sync");
            var app = env.Client(server, key.GetProperty("key").GetString());
            (await GetJsonAsync(app, "/api/me")).GetProperty("user").GetString().Should().Be("phone-app");
            using var refused = await app.GetAsync(new Uri("/api/contacts", UriKind.Relative));
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        using (var unknown = await admin.PostAsync(new Uri("/api/keys", UriKind.Relative), Json("""{"role":"owner"}""")))
        {
            unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await unknown.Content.ReadAsStringAsync()).Should().Contain("role: 'owner' is not a role");
        }

        var cli = await env.CliAsync("keys", "create", "--company", "acme", "--role", "owner");
        cli.Code.Should().Be(1);
        cli.Err.Should().Contain("--role: 'owner' is not a role");

        if (env.IsPostgres)
        {
            // This server has no sync secret: it started and serves all of the above; a phone needs the secret, so
            // setting one is a 503 that says what to set, and nothing is stored.
            using var phone = await admin.PutAsync(new Uri("/api/me/phone", UriKind.Relative), Json("""{"phone":"+32475123456"}"""));
            phone.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            phone.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await phone.Content.ReadAsStringAsync()).Should().Contain("CONTACTIMPORT_SYNC_SECRET");
            (await GetJsonAsync(admin, "/api/me")).GetProperty("has_phone").GetBoolean().Should().BeFalse();
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>keys, users and the sync migrations (bulk-insert, salt rotation) → admin; sync keys: only /api/me and
    /// the other sync endpoints.</summary>
    private static bool Forbidden(string role, string path) => role switch
    {
        "admin" => false,
        "member" => AdminOnly(path),
        _ => AdminOnly(path) || !(path.StartsWith("/api/me", StringComparison.Ordinal)
            || path.StartsWith("/api/contacts/sync", StringComparison.Ordinal)),
    };

    private static bool AdminOnly(string path) =>
        path.StartsWith("/api/keys", StringComparison.Ordinal) || path.StartsWith("/api/users", StringComparison.Ordinal)
        || path is "/api/contacts/sync/bulk-insert" or "/api/contacts/sync/params/rotate";

    /// <summary>Every /api operation with a URL whose path parameters name nothing that exists (so an allowed call
    /// changes nothing: 404, 400 or an empty list).</summary>
    private static IEnumerable<(string Method, string Path, string Url)> Operations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)
                     || p.Name == "/api"))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var url = path.Name;
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var p in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path"))
                    {
                        var schema = p.GetProperty("schema");
                        var value = schema.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? Guid.NewGuid().ToString()
                            : schema.TryGetProperty("type", out var t) && t.ToString().Contains("integer", StringComparison.Ordinal) ? "987654321"
                            : "nobody";
                        url = url.Replace("{" + p.GetProperty("name").GetString() + "}", value, StringComparison.Ordinal);
                    }
                }

                yield return (operation.Name.ToUpperInvariant(), path.Name, url);
            }
        }
    }
}
