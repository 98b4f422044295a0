using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContactImport.Core.Sync;
using ContactImport.Sync;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using ContactImport.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Users' phones on a real server: who may set them, verified or not, the /api/me view, bad numbers,
/// tenancy, the CLI, and that the raw number reaches neither the database nor the logs.</summary>
public sealed class UserPhoneTests(ITestOutputHelper log)
{
    /// <summary>The numbers set below, and the ways a number is commonly written (none may be stored or logged).</summary>
    private static readonly string[] Leaks =
    [
        "+32475123456", "32475123456", "0475123456", "475123456", "475 12 34 56", "0475/12.34.56",
        "+32470112233", "32470112233", "0470112233", "470112233", "470 11 22 33",
        "+31612345678", "31612345678", "0612345678", "612345678",
        "+32475998877", "32475998877", "0475998877", "475998877",
    ];

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Admins_set_verified_phones_members_only_their_own_unverified_and_no_raw_number_is_stored_or_logged(string store)
    {
        await using var env = await CreateAsync(store, log);
        var secret = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());
        var admin = await env.CreateKeyAsync("acme", "boss");
        var memberKey = await env.CreateKeyAsync("acme", "mia", "member");
        var otherAdmin = await env.CreateKeyAsync("globex", "olga");
        // PostgreSQL needs the secret configured; SQLite makes its key file beside the database on first use.
        var server = await env.StartServerAsync(workers: 0, environment: env.IsPostgres
            ? new Dictionary<string, string> { ["CONTACTIMPORT_SYNC_SECRET"] = secret }
            : null);
        var boss = env.Client(server, admin);
        var mia = env.Client(server, memberKey);
        var olga = env.Client(server, otherAdmin);

        // An admin sets another user's phone: verified. Any common format, normalized by libphonenumber.
        var set = await PutAsync(boss, "/api/users/mia/phone", new { phone = "0475/12.34.56", default_country = "BE" });
        set.Should().Match<JsonElement>(u => u.GetProperty("name").GetString() == "mia"
            && u.GetProperty("has_phone").GetBoolean() && u.GetProperty("phone_verified").GetBoolean()
            && u.GetProperty("phone_hint").GetString() == "56");

        // A member's own phone is stored unverified (and replaces the verified one).
        var me = await PutAsync(mia, "/api/me/phone", new { phone = "+32 470 11 22 33" });
        me.GetProperty("phone_verified").GetBoolean().Should().BeFalse();
        me.GetProperty("phone_hint").GetString().Should().Be("33");
        me.GetProperty("role").GetString().Should().Be("member");

        // An admin's own phone is verified.
        (await PutAsync(boss, "/api/me/phone", new { phone = "+31 6 12345678" })).GetProperty("phone_verified").GetBoolean()
            .Should().BeTrue();

        // GET /api/me: user, role, company, hint, verified, discoverable.
        var view = await GetJsonAsync(mia, "/api/me");
        view.GetProperty("user").GetString().Should().Be("mia");
        view.GetProperty("company").GetString().Should().Be("acme");
        view.GetProperty("discoverable").GetBoolean().Should().BeTrue();
        (await PutAsync(mia, "/api/me/discoverable", new { discoverable = false })).GetProperty("discoverable").GetBoolean()
            .Should().BeFalse();

        // Invalid numbers: 400 problem+json naming the field.
        await InvalidAsync(boss, "/api/users/mia/phone", new { phone = "+32 12" }, "phone", "too short");
        await InvalidAsync(mia, "/api/me/phone", new { phone = "0475 12 34 56" }, "phone", "international format");
        await InvalidAsync(mia, "/api/me/phone", new { phone = "0475 12 34 56", default_country = "XX" }, "default_country", "Unknown default country");
        await InvalidAsync(mia, "/api/me/phone", new { phone = "n/a", default_country = "BE" }, "phone", "no digits");

        // Another company's user is not found, and its admin sees none of acme's users.
        using (var foreign = await olga.PutAsJsonAsync(new Uri("/api/users/mia/phone", UriKind.Relative), new { phone = "+32475123456" }))
        {
            foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var foreign = await olga.DeleteAsync(new Uri("/api/users/mia/phone", UriKind.Relative)))
        {
            foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        (await GetJsonAsync(olga, "/api/users")).GetProperty("items").EnumerateArray().Select(u => u.GetProperty("name").GetString())
            .Should().Equal("olga");
        var users = (await GetJsonAsync(boss, "/api/users")).GetProperty("items").EnumerateArray()
            .ToDictionary(u => u.GetProperty("name").GetString()!);
        users.Keys.Should().BeEquivalentTo(["boss", "mia"]);
        users["mia"].Should().Match<JsonElement>(u => !u.GetProperty("phone_verified").GetBoolean()
            && !u.GetProperty("discoverable").GetBoolean() && u.GetProperty("phone_hint").GetString() == "33");

        // The CLI sets a verified phone with the same secret the server uses.
        var cli = await env.CliAsync(env.IsPostgres
            ? ["users", "set-phone", "--company", "acme", "--user", "carl", "--phone", "+32 475 99 88 77"]
            : ["users", "set-phone", "--company", "acme", "--user", "carl", "--phone", "+32 475 99 88 77", "--json"]);
        if (env.IsPostgres)
        {
            // The test process has no secret configured: the CLI says what to set instead of inventing one.
            cli.Code.Should().Be(1);
            cli.Err.Should().Contain("CONTACTIMPORT_SYNC_SECRET");
        }
        else
        {
            cli.Code.Should().Be(0, cli.Err);
            JsonDocument.Parse(cli.Out).RootElement.GetProperty("phone_verified").GetBoolean().Should().BeTrue();
            var keyring = new SyncSecretSource(new ConfigurationBuilder().Build(), env.Database).Keyring;
            var blob = await BlobAsync(env, "carl");
            keyring.DecryptPhone(await env.ScalarAsync("SELECT id FROM companies WHERE name = 'acme'"), blob).Should().Be("+32475998877");
            var listed = await env.CliAsync("users", "list", "--company", "acme", "--json");
            listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("name").GetString())
                .Should().Equal("boss", "mia", "carl");
        }

        // Removing phones.
        (await DeleteAsync(mia, "/api/me/phone")).GetProperty("has_phone").GetBoolean().Should().BeFalse();
        (await DeleteAsync(boss, "/api/users/boss/phone")).GetProperty("phone_hint").ValueKind.Should().Be(JsonValueKind.Null);

        // Privacy: no table and no log line holds any of the numbers in any of the ways it was written.
        var dump = await DumpAsync(env);
        var logs = server.Output;
        foreach (var leak in Leaks)
        {
            dump.Should().NotContain(leak);
            logs.Should().NotContain(leak);
        }
    }

    private static async Task<JsonElement> PutAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "PUT {0}: {1}", path, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> DeleteAsync(HttpClient http, string path)
    {
        using var response = await http.DeleteAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "DELETE {0}: {1}", path, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task InvalidAsync(HttpClient http, string path, object body, string field, string reason)
    {
        using var response = await http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain(reason);
        problem.GetProperty("detail").GetString().Should().StartWith(field + ": ");
    }

    private static async Task<byte[]> BlobAsync(ServiceHarness env, string user)
    {
        await using var connection = new SqliteConnection($"Data Source={env.Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT phone_encrypted FROM users WHERE name = $name";
        command.Parameters.AddWithValue("$name", user);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every row of every table as text (PostgreSQL), or the database files' bytes (SQLite, WAL included).</summary>
    private static async Task<string> DumpAsync(ServiceHarness env)
    {
        var dump = new StringBuilder();
        if (env.IsPostgres)
        {
            var (tables, rows) = await DatabaseDump.PostgresAsync(env.Database);
            tables.Should().Contain(["users", "api_keys", "audit_log"]);
            dump.Append(rows);
        }
        else
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(env.Database)!, Path.GetFileName(env.Database) + "*"))
            {
                // Latin-1 keeps every byte as one character, so ASCII digits in the file show as they are.
                dump.AppendLine(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
            }
        }

        dump.ToString().Should().Contain("mia", "the dump holds the data it is searched for");
        return dump.ToString();
    }
}
