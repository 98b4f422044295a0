using System.Net;
using System.Text.Json;
using ContactImport.Core.Sync;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using ServiceStores = ContactImport.IntegrationTests.Service.Stores;
using static ContactImport.IntegrationTests.Sync.SyncClient;

namespace ContactImport.IntegrationTests.Sync;

/// <summary>The sync API end to end on a real server: every response field, deltas and tokens, salts, limits.</summary>
public sealed class SyncApiTests(ITestOutputHelper log)
{
    private static readonly Dictionary<string, string> SmallQuota = new()
    {
        ["CONTACTIMPORT_ContactImport__Sync__QuotaCapacity"] = "12",
        ["CONTACTIMPORT_ContactImport__Sync__QuotaPerDay"] = "24",
    };

    [Theory]
    [InlineData(ServiceStores.Sqlite)]
    [InlineData(ServiceStores.Postgres)]
    public async Task A_full_sync_then_deltas_answer_every_field_and_a_stale_token_is_409(string store)
    {
        await using var env = await ServiceHarness.CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(environment: new Dictionary<string, string>(SmallQuota.Concat(SyncMatchingTests.Secret))), await env.CreateKeyAsync("acme", "ada"));
        var p = await ParamsAsync(http);
        p.GetProperty("algorithm").GetString().Should().Be("sha256");
        p.Long("max_per_request").Should().Be(5000);
        var salt = p.GetProperty("salt").GetString()!;
        var saltId = p.GetProperty("salt_id").GetInt32();
        var hashed = PhoneHash.ClientHash(salt, "+16502530002");

        var full = await SyncOkAsync(http, new
        {
            mode = "full", phone_numbers = new[] { "+1 650-253-0000", "(650) 253-0001", "not a number", "+1 650 253 0000" },
            phone_hashes = new[] { hashed }, items = new object[] { new { hash = PhoneHash.ClientHash(salt, "+16502530003"), is_favorite = true } },
            salt_id = saltId, default_country = "US", device_contacts_count = 250,
        });

        full.Long("contacts_inserted").Should().Be(4);
        full.Long("invalid").Should().Be(1);
        full.Long("contacts_unchanged").Should().Be(1, "the same number twice in one request");
        full.Long("total_processed").Should().Be(6);
        full.Long("contacts_updated").Should().Be(0);
        full.Long("contacts_removed").Should().Be(0);
        full.Long("matched_contacts").Should().Be(full.GetProperty("matches").GetArrayLength());
        full.GetProperty("sync_completed").GetBoolean().Should().BeTrue();
        full.Long("batch_size").Should().Be(5000);
        full.Long("processing_time_ms").Should().BeGreaterThanOrEqualTo(0);
        var estimate = full.GetProperty("performance_estimate");
        estimate.Long("estimated_batches").Should().Be(1);
        estimate.GetProperty("estimated_time_seconds").GetDouble().Should().BeGreaterThan(0, "measured on this server");
        full.GetProperty("quota").Long("remaining").Should().Be(8);
        var token = full.GetProperty("sync_token").GetString()!;

        var delta = await SyncOkAsync(http, new
        {
            mode = "delta", sync_token = token, salt_id = saltId, removed = new[] { hashed, "+16502530000" },
            items = new object[] { new { hash = PhoneHash.ClientHash(salt, "+16502530003"), is_favorite = false } },
        });
        delta.Long("contacts_removed").Should().Be(2);
        delta.Long("contacts_updated").Should().Be(1);
        delta.Long("total_processed").Should().Be(1);

        var (status, problem, _) = await PostAsync(http, "/api/contacts/sync", new { mode = "delta", sync_token = token, phone_numbers = new[] { "+16502530004" } });
        status.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("full sync");

        var statistics = await GetAsync(http, "/api/contacts/sync/statistics?days=30");
        var today = statistics.GetProperty("per_day").EnumerateArray().Single();
        today.Long("syncs").Should().Be(2);
        today.Long("numbers_received").Should().Be(7);
        today.Long("added").Should().Be(4);
        today.Long("removed").Should().Be(2);
        var (_, estimated, _) = await PostAsync(http, "/api/contacts/sync/estimate", new { contact_count = 12_000, batch_size = 1000 });
        estimated.Long("estimated_batches").Should().Be(12);
        estimated.GetProperty("source").GetString().Should().Be("server");
    }

    [Theory]
    [InlineData(ServiceStores.Sqlite)]
    [InlineData(ServiceStores.Postgres)]
    public async Task Limits_answer_413_429_with_retry_after_and_400_with_the_current_salt_after_a_rotation(string store)
    {
        await using var env = await ServiceHarness.CreateAsync(store, log);
        var server = await env.StartServerAsync(environment: new Dictionary<string, string>(SmallQuota.Concat(SyncMatchingTests.Secret)));
        var http = env.Client(server, await env.CreateKeyAsync("acme", "ada"));
        var p = await ParamsAsync(http);

        var (tooMany, problem, _) = await PostAsync(http, "/api/contacts/sync",
            new { mode = "full", phone_hashes = Enumerable.Range(0, 5001).Select(i => PhoneHash.ClientHash("x", $"+1{i}")), salt_id = 1 });
        tooMany.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString().Should().Contain("5001").And.Contain("5000");

        var thirteen = Enumerable.Range(0, 13).Select(i => PhoneHash.ClientHash("x", $"+1650253{i:D4}")).ToArray();
        var (overQuota, _, response) = await PostAsync(http, "/api/contacts/sync", new { mode = "full", phone_hashes = thirteen, salt_id = 1 });
        overQuota.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 3600, "one number refills in an hour");
        (await SyncOkAsync(http, new { mode = "full", phone_hashes = thirteen[..12], salt_id = 1 })).GetProperty("quota").Long("remaining").Should().Be(0);

        var admin = env.Client(server, await env.CreateKeyAsync("acme", "admin"));
        var (rotated, next, _) = await PostAsync(admin, "/api/contacts/sync/params/rotate", new { overlap_hours = 0 });
        rotated.Should().Be(HttpStatusCode.OK);
        next.GetProperty("salt_id").GetInt32().Should().Be(p.GetProperty("salt_id").GetInt32() + 1);
        var (old, stale, _) = await PostAsync(http, "/api/contacts/sync", new { mode = "full", phone_hashes = thirteen[..1], salt_id = 1 });
        old.Should().Be(HttpStatusCode.BadRequest);
        stale.GetProperty("params").GetProperty("salt").GetString().Should().Be(next.GetProperty("salt").GetString());
        (await ParamsAsync(http)).GetProperty("salt_id").GetInt32().Should().Be(2);
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
