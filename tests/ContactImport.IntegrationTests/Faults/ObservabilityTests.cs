using System.Globalization;
using System.Net;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

using Stores = ContactImport.IntegrationTests.Service.Stores;

/// <summary><c>/metrics</c> shows what an import did; a key over its rate limit gets 429 with Retry-After.</summary>
public sealed class ObservabilityTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task Metrics_after_an_import_through_the_api_show_its_rows_by_outcome(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(workers: 1);
        var http = env.Client(server, key);

        // 30 new, 5 repeats of earlier rows (skipped), 2 invalid e-mails (failed).
        var csv = ContactsCsv("m", 30) + ContactsCsv("m", 5).Split('\n', 2)[1] + "not-an-email,X,Y,Acme\nalso-not,X,Y,Acme\n";
        var id = await ImportAsync(http, "metrics.csv", csv, new { batch_size = 10 });
        var done = await WaitForStatusAsync(http, id, "completed_with_errors");
        Count(done, "inserted").Should().Be(30);

        // The periodic reader may lag the import by a moment.
        Dictionary<string, double> rows = [];
        var text = "";
        await Eventually.Until(async () =>
            {
                using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                text = await response.Content.ReadAsStringAsync();
                rows = RowsByOutcome(text);
                return rows.GetValueOrDefault("inserted") >= 30 && rows.GetValueOrDefault("failed") >= 2;
            },
            "the import's rows in /metrics", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));
        text.Should().Contain("contactimport_import_batch_duration", "the batch histogram is exported too");
        text.Should().Contain("http_server_request_duration", "ASP.NET Core's own instruments are on");

        rows.GetValueOrDefault("inserted").Should().Be(30);
        rows.GetValueOrDefault("skipped").Should().Be(5);
        rows.GetValueOrDefault("failed").Should().Be(2);
        rows.ContainsKey("updated").Should().BeFalse("no row was updated");
    }

    [Fact]
    public async Task A_key_over_its_rate_limit_gets_429_with_retry_after_and_other_keys_are_not_held()
    {
        await using var env = await CreateAsync(Stores.Sqlite, log);
        var key = await env.CreateKeyAsync("acme");
        var other = await env.CreateKeyAsync("acme", "someone-else");
        var server = await env.StartServerAsync(workers: 0, new Dictionary<string, string>
        {
            ["CONTACTIMPORT_ContactImport__RateLimit__PermitsPerSecond"] = "1",
            ["CONTACTIMPORT_ContactImport__RateLimit__Burst"] = "3",
        });
        var http = env.Client(server, key);

        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8 && limited is null; i++)
        {
            var response = await http.GetAsync(new Uri("/api/imports", UriKind.Relative));
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        codes.Take(3).Should().AllBeEquivalentTo(HttpStatusCode.OK, "the burst passes");
        limited.Should().NotBeNull("requests beyond the burst are refused: {0}", string.Join(",", codes));
        using (limited)
        {
            limited!.Headers.RetryAfter.Should().NotBeNull();
            limited.Headers.RetryAfter!.Delta!.Value.Should().BePositive();
            limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
            problem.GetProperty("status").GetInt32().Should().Be(429);
        }

        using var otherResponse = await env.Client(server, other).GetAsync(new Uri("/api/imports", UriKind.Relative));
        otherResponse.StatusCode.Should().Be(HttpStatusCode.OK, "each key has its own bucket");
        using var health = await env.Client(server, null).GetAsync(new Uri("/healthz/live", UriKind.Relative));
        health.StatusCode.Should().Be(HttpStatusCode.OK, "health probes are not rate limited");
    }

    /// <summary>The <c>contactimport_import_rows_total</c> samples of a Prometheus text exposition, by outcome.</summary>
    private static Dictionary<string, double> RowsByOutcome(string exposition)
    {
        var rows = new Dictionary<string, double>();
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith("contactimport_import_rows_total{", StringComparison.Ordinal))
            {
                continue;
            }

            var start = line.IndexOf("outcome=\"", StringComparison.Ordinal) + "outcome=\"".Length;
            var outcome = line[start..line.IndexOf('"', start)];
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            rows[outcome] = double.Parse(value, CultureInfo.InvariantCulture);
        }

        return rows;
    }
}
