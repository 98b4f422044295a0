using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ContactImport.Core.Sync;
using ContactImport.IntegrationTests.Service;
using Microsoft.Data.Sqlite;
using ContactImport.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Sync.SyncClient;
using ServiceStores = ContactImport.IntegrationTests.Service.Stores;

namespace ContactImport.IntegrationTests.Sync;

/// <summary>Matches on a real server (discoverable, verified, same company), the "joined" notification, and privacy:
/// after syncs of known numbers neither the database nor the logs hold them in any common form.</summary>
public sealed class SyncMatchingTests(ITestOutputHelper log)
{
    private const string Bob = "+16502530010", Carol = "+16502530011", Eve = "+16502530012", Dan = "+16502530013",
        Frank = "+16502530014", Stranger = "+16502530015";

    public static readonly Dictionary<string, string> Secret = new()
    {
        ["CONTACTIMPORT_SYNC_SECRET"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
    };

    [Theory]
    [InlineData(ServiceStores.Sqlite)]
    [InlineData(ServiceStores.Postgres)]
    public async Task Only_discoverable_verified_users_of_the_company_match_and_nothing_stored_or_logged_reveals_a_number(string store)
    {
        await using var env = await ServiceHarness.CreateAsync(store, log);
        var server = await env.StartServerAsync(environment: Secret);
        var ada = env.Client(server, await env.CreateKeyAsync("acme", "ada"));
        var carol = env.Client(server, await env.CreateKeyAsync("acme", "carol"));
        await env.CreateKeyAsync("acme", "bob");
        await env.CreateKeyAsync("acme", "frank");
        var (code, danKey, err) = await env.CliAsync("keys", "create", "--company", "acme", "--user", "dan", "--role", "member");
        code.Should().Be(0, err);
        var dan = env.Client(server, danKey.Trim());
        var globex = env.Client(server, await env.CreateKeyAsync("globex", "root"));
        await env.CreateKeyAsync("globex", "eve");
        await SetPhoneAsync(ada, "bob", Bob);
        await SetPhoneAsync(ada, "carol", Carol);
        await SetPhoneAsync(globex, "eve", Eve);
        (await carol.PutAsJsonAsync(new Uri("/api/me/discoverable", UriKind.Relative), new { discoverable = false })).EnsureSuccessStatusCode();
        (await dan.PutAsJsonAsync(new Uri("/api/me/phone", UriKind.Relative), new { phone = Dan })).EnsureSuccessStatusCode();
        var p = await ParamsAsync(ada);
        var salt = p.GetProperty("salt").GetString()!;

        var result = await SyncOkAsync(ada, new
        {
            mode = "full", default_country = "US", salt_id = p.GetProperty("salt_id").GetInt32(),
            phone_numbers = new[] { "(650) 253-0010", Carol, Eve, Dan, Frank },
            items = new object[] { new { hash = PhoneHash.ClientHash(salt, Stranger), is_favorite = true } },
        });

        var match = result.GetProperty("matches").EnumerateArray().Should().ContainSingle("only bob is discoverable, verified and of acme").Subject;
        match.GetProperty("hash").GetString().Should().Be(PhoneHash.ClientHash(salt, Bob), "the hash is h even for a raw number");
        match.GetProperty("display_name").GetString().Should().Be("bob");
        result.Long("matched_contacts").Should().Be(1);

        await SetPhoneAsync(ada, "frank", "650-253-0014");
        var notifications = await ada.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/api/notifications", UriKind.Relative));
        notifications.GetProperty("items").EnumerateArray().Should().ContainSingle(n => n.GetProperty("kind").GetString() == "contact_joined")
            .Which.GetProperty("body").GetString().Should().Contain("frank").And.Contain("ada");
        // A delta by raw number and by hash, so both paths have run before the dump.
        await SyncOkAsync(ada, new
        {
            mode = "delta", sync_token = result.GetProperty("sync_token").GetString(), removed = new[] { Eve },
            phone_hashes = new[] { PhoneHash.ClientHash(salt, Frank) }, salt_id = p.GetProperty("salt_id").GetInt32(),
        });

        var stored = await DumpAsync(env);
        foreach (var number in new[] { Bob, Carol, Eve, Dan, Frank, Stranger })
        {
            foreach (var form in Forms(number, salt))
            {
                stored.Should().NotContain(form, $"the database must not hold {number} as {form}");
                server.Output.Should().NotContain(form, $"the logs must not hold {number} as {form}");
            }
        }

        if (!env.IsPostgres)
        {
            var bytes = (await File.ReadAllBytesAsync(env.Database)).Concat(WalBytes(env.Database)).ToArray();
            foreach (var number in new[] { Bob, Carol, Eve, Dan, Frank, Stranger })
            {
                foreach (var raw in RawForms(number, salt))
                {
                    bytes.AsSpan().IndexOf(raw).Should().Be(-1, $"the SQLite file must not hold {number}'s bytes");
                }
            }
        }
    }

    private static async Task SetPhoneAsync(HttpClient admin, string user, string phone)
    {
        using var response = await admin.PutAsJsonAsync(new Uri($"/api/users/{user}/phone", UriKind.Relative),
            new { phone, default_country = "US" });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A number as people and programs write it, and its unkeyed hashes as text.</summary>
    private static IEnumerable<string> Forms(string e164, string salt)
    {
        var national = e164[2..];
        yield return e164;
        yield return e164[1..];
        yield return national;
        yield return $"({national[..3]}) {national[3..6]}-{national[6..]}";
        yield return $"{national[..3]}-{national[3..6]}-{national[6..]}";
        yield return $"{national[..3]} {national[3..6]} {national[6..]}";
        foreach (var raw in RawForms(e164, salt))
        {
            yield return Convert.ToHexString(raw).ToLowerInvariant();
            yield return Convert.ToBase64String(raw);
            yield return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }
    }

    /// <summary>The unkeyed hashes: SHA-256 of the number's forms, and the client hash h (its bytes).</summary>
    private static IEnumerable<byte[]> RawForms(string e164, string salt)
    {
        yield return Encoding.ASCII.GetBytes(e164);
        yield return Encoding.ASCII.GetBytes(e164[2..]);
        yield return SHA256.HashData(Encoding.ASCII.GetBytes(e164));
        yield return SHA256.HashData(Encoding.ASCII.GetBytes(e164[1..]));
        yield return SHA256.HashData(Encoding.ASCII.GetBytes(e164[2..]));
        var h = PhoneHash.ClientHash(salt, e164);
        yield return Encoding.ASCII.GetBytes(h);
        yield return Convert.FromBase64String(h.Replace('-', '+').Replace('_', '/') + "=");
    }

    private static IEnumerable<byte> WalBytes(string database) =>
        File.Exists(database + "-wal") ? File.ReadAllBytes(database + "-wal") : [];

    /// <summary>Every row of every table as text (bytea as hex on PostgreSQL).</summary>
    private static async Task<string> DumpAsync(ServiceHarness env)
    {
        var dump = new StringBuilder();
        if (env.IsPostgres)
        {
            var (tables, rows) = await DatabaseDump.PostgresAsync(env.Database);
            tables.Should().Contain(["sync_contacts", "sync_user_keys", "sync_salts", "sync_sets", "sync_stats", "users"]);
            return rows;
        }

        await using var sqlite = new SqliteConnection($"Data Source={env.Database};Pooling=False");
        await sqlite.OpenAsync();
        var names = new List<string>();
        await using (var list = sqlite.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        names.Should().Contain(["sync_contacts", "sync_user_keys", "sync_salts", "sync_sets", "sync_stats", "users"]);
        foreach (var name in names)
        {
            await using var cmd = sqlite.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{name}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b).ToLowerInvariant() : reader.GetValue(i)?.ToString()).Append('|');
                }

                dump.AppendLine();
            }
        }

        return dump.ToString();
    }
}
