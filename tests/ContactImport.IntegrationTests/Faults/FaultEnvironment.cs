using System.Net;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Service;
using Npgsql;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

/// <summary>Shared pieces of the fault tests: processes started outside the harness, files, and the checks every
/// fault test ends with.</summary>
internal static class FaultEnvironment
{
    /// <summary>Production-like leases (an outage of 10 s must not cost the lease) with fast polling.</summary>
    public static Dictionary<string, string> Settings(string? tmpdir = null, int leaseSeconds = 30)
    {
        var settings = new Dictionary<string, string>
        {
            ["CONTACTIMPORT_ContactImport__Workers__PollSeconds"] = "0.2",
            ["CONTACTIMPORT_ContactImport__Workers__LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (tmpdir is not null)
        {
            settings["TMPDIR"] = tmpdir;
        }

        return settings;
    }

    /// <summary>The harness's PostgreSQL database, reached through <paramref name="proxy"/>.</summary>
    public static string ThroughProxy(string connectionString, TcpProxy proxy) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5 }.ConnectionString;

    public static (string Host, int Port) Target(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return (builder.Host!, builder.Port);
    }

    /// <summary>A CSV of <paramref name="rows"/> distinct contacts (no duplicates, no invalid rows).</summary>
    public static string Csv(string prefix, int rows) => ContactsCsv(prefix, rows);

    /// <summary>The import completed with exactly <paramref name="rows"/> inserted, and the table holds exactly them.</summary>
    public static async Task ShouldBeExactAsync(ServiceHarness env, JsonElement details, int rows)
    {
        details.GetProperty("status").GetString().Should().Be("completed", "{0}", details);
        Count(details, "total").Should().Be(rows);
        Count(details, "inserted").Should().Be(rows, "every row inserted exactly once: {0}", details);
        Count(details, "failed").Should().Be(0);
        CountsAddUp(details);
        (await env.ScalarAsync("SELECT COUNT(*) FROM contacts")).Should().Be(rows, "no row lost, none twice");
        (await env.ScalarAsync("SELECT COUNT(DISTINCT email) FROM contacts")).Should().Be(rows, "no duplicate contact");
    }

    /// <summary>A GET during an outage: 503 problem+json with Retry-After.</summary>
    public static async Task ShouldBeUnavailableAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "GET {0} during the outage: {1}", path, body);
        response.Headers.RetryAfter.Should().NotBeNull("503 says when to come back");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().Should().Be(503);
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>A private temporary folder for the processes of one test.</summary>
    public static string NewTempRoot()
    {
        var path = Path.Combine(Path.GetTempPath(), "ci-faults-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static string[] Listing(string root) =>
        Directory.Exists(root)
            ? [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p))]
            : [];

    public static string Describe(IEnumerable<string> entries) => new StringBuilder().AppendJoin(", ", entries).ToString();
}
