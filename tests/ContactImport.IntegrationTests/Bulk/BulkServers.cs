using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;

using StoreNames = ContactImport.IntegrationTests.Service.Stores;

namespace ContactImport.IntegrationTests.Bulk;

/// <summary>One server per store for a whole test class, with keys of two companies (acme, globex). Tests keep
/// apart by their own e-mail prefix.</summary>
public sealed class BulkServers : IAsyncLifetime
{
    private readonly Dictionary<string, BulkServer> _servers = [];

    public BulkServer this[string store] => _servers[store];

    public async Task InitializeAsync()
    {
        foreach (var store in new[] { StoreNames.Sqlite, StoreNames.Postgres })
        {
            var env = await ServiceHarness.CreateAsync(store, new Buffered());
            var acme = await env.CreateKeyAsync("acme");
            var globex = await env.CreateKeyAsync("globex");
            var server = await env.StartServerAsync(workers: 0);
            _servers[store] = new BulkServer(env, env.Client(server, acme), env.Client(server, globex));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.Env.DisposeAsync();
        }
    }

    private sealed class Buffered : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}

/// <summary>A running server with a client per company, and the bulk calls' helpers.</summary>
public sealed record BulkServer(ServiceHarness Env, HttpClient Acme, HttpClient Globex)
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(
        HttpClient http, string path, string json, string? idempotencyKey = null, string? ifMatch = null,
        HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ifMatch}\""));
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    /// <summary>A bulk call; asserts the envelope's invariants (items in input order, summary sums to the count).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> BulkAsync(HttpClient http, string op, string json,
        string? idempotencyKey = null)
    {
        var (status, body, response) = await PostAsync(http, $"/api/contacts/bulk/{op}", json, idempotencyKey);
        response.Dispose();
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("items", out var items))
        {
            var list = items.EnumerateArray().ToList();
            list.Select(i => i.GetProperty("index").GetInt32()).Should().Equal(Enumerable.Range(0, list.Count));
            var summary = body.GetProperty("summary");
            string[] statuses = ["inserted", "updated", "merged", "unchanged", "skipped", "deleted", "failed", "rolled_back"];
            statuses.Sum(s => summary.GetProperty(s).GetInt32()).Should().Be(list.Count, "the summary sums to the items");
            summary.GetProperty("total").GetInt32().Should().Be(list.Count);
            foreach (var s in statuses)
            {
                summary.GetProperty(s).GetInt32().Should().Be(list.Count(i => i.GetProperty("status").GetString() == s));
            }
        }

        return (status, body);
    }

    public static JsonElement Item(JsonElement body, int index) => body.GetProperty("items")[index];

    public static string Status(JsonElement body, int index) => Item(body, index).GetProperty("status").GetString()!;

    public static string? Code(JsonElement body, int index) =>
        Item(body, index).GetProperty("error") is { ValueKind: JsonValueKind.Object } e ? e.GetProperty("code").GetString() : null;

    public static long Id(JsonElement body, int index) => Item(body, index).GetProperty("id").GetInt64();

    public static async Task<JsonElement?> ContactAsync(HttpClient http, long id)
    {
        using var response = await http.GetAsync(new Uri($"/api/contacts/{id}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>How many of the company's contacts mention <paramref name="text"/>.</summary>
    public static async Task<long> CountAsync(HttpClient http, string text) =>
        (await ServiceHarness.GetJsonAsync(http, $"/api/contacts?search={text}")).GetProperty("total").GetInt64();
}
