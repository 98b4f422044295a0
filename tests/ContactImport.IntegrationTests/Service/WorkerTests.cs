using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>
/// Separate worker processes against one database: a killed worker loses nothing, a terminated one hands its job
/// back, several share the queue and each job runs once.
/// </summary>
public sealed class WorkerTests(ITestOutputHelper log)
{
    /// <summary>A generated file: some rows repeat an earlier address, some are invalid.</summary>
    private sealed record GeneratedFile(string Csv, int Total, int DistinctValid, int Repeats, int Invalid)
    {
        public static GeneratedFile Create(string prefix, int rows)
        {
            var csv = new StringBuilder("email,first_name,last_name,company\n", rows * 48);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int repeats = 0, invalid = 0;
            for (var i = 0; i < rows; i++)
            {
                string email;
                if (i % 97 == 96)
                {
                    email = $"{prefix}{i}-at-nowhere";
                    invalid++;
                }
                else if (i % 50 == 49)
                {
                    email = $"{prefix}{i - 7}@example.com";
                }
                else
                {
                    email = $"{prefix}{i}@example.com";
                }

                if (email.Contains('@', StringComparison.Ordinal) && !seen.Add(email))
                {
                    repeats++;
                }

                csv.Append(email).Append(",First").Append(i).Append(",Last").Append(i).Append(",Acme\n");
            }

            return new GeneratedFile(csv.ToString(), rows, seen.Count, repeats, invalid);
        }
    }

    private static void ShouldMatch(JsonElement details, GeneratedFile file)
    {
        details.GetProperty("status").GetString().Should().Be(file.Invalid > 0 ? "completed_with_errors" : "completed");
        Count(details, "total").Should().Be(file.Total);
        Count(details, "inserted").Should().Be(file.DistinctValid, "every distinct valid e-mail is inserted exactly once");
        Count(details, "skipped").Should().Be(file.Repeats);
        Count(details, "failed").Should().Be(file.Invalid);
        Count(details, "updated").Should().Be(0);
        Count(details, "unchanged").Should().Be(0);
        CountsAddUp(details);
    }

    private async Task ContactsShouldMatchAsync(ServiceHarness env, HttpClient http, Guid id, GeneratedFile file)
    {
        // The API counts exactly only up to a limit (docs/search.md); the table says what landed.
        (await env.ScalarAsync("SELECT COUNT(*) FROM contacts")).Should().Be(file.DistinctValid, "no row lost");
        (await env.ScalarAsync("SELECT COUNT(DISTINCT email) FROM contacts")).Should().Be(file.DistinctValid, "no duplicate contact");
        using var errors = await http.GetAsync(new Uri($"/api/imports/{id}/errors", UriKind.Relative));
        var lines = (await errors.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.Should().Be(1 + file.Invalid, "each failed row is reported once");
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_worker_killed_mid_import_loses_nothing_and_another_worker_finishes_the_import_exactly(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(workers: 0);
        var http = env.Client(server, key);
        var leases = new Dictionary<string, string> { ["CONTACTIMPORT_ContactImport__Workers__LeaseSeconds"] = "2" };
        var first = await env.StartWorkerAsync(leases);

        // Large enough that a SQLite import, which makes its progress visible once per commit group (~1 s), is
        // seen between 20% and 80%.
        var file = GeneratedFile.Create("k", 300_000);
        var id = await ImportAsync(http, "large.csv", file.Csv, new { batch_size = 500 });
        var atKill = await WaitForAsync(http, id, d =>
        {
            var processed = Count(d, "processed");
            if (processed > file.Total * 0.8)
            {
                throw new InvalidOperationException($"The import ran past 80% before the worker could be killed: {d}");
            }

            return processed >= file.Total * 0.2;
        }, "20% processed", pollMs: 25);
        first.Kill();
        (await first.WaitForExitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
        log.WriteLine($"killed the worker at {Count(atKill, "processed")} of {file.Total} rows");

        var stalled = await DetailsAsync(http, id);
        stalled.GetProperty("status").GetString().Should().Be("running", "nobody handed the job back");
        Count(stalled, "processed").Should().BeLessThan(file.Total);

        await env.StartWorkerAsync(leases);
        var done = await WaitForAsync(http, id, d => FinalStatuses.Contains(d.GetProperty("status").GetString()), "finished");
        ShouldMatch(done, file);
        await ContactsShouldMatchAsync(env, http, id, file);
        (await env.ScalarAsync("SELECT MAX(attempts) FROM jobs")).Should().Be(2, "the second worker claimed the expired lease");
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_worker_stopped_with_sigterm_hands_its_job_back_and_the_import_completes_on_another_worker(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(workers: 0);
        var http = env.Client(server, key);
        var first = await env.StartWorkerAsync();

        // SQLite writes a batch of 500 in about 2 ms: 150,000 rows could end before SIGTERM takes effect (seen in CI).
        var file = GeneratedFile.Create("t", store == Stores.Sqlite ? 600_000 : 150_000);
        var id = await ImportAsync(http, "large.csv", file.Csv, new { batch_size = 500 });
        await WaitForAsync(http, id, d =>
        {
            if (FinalStatuses.Contains(d.GetProperty("status").GetString()))
            {
                throw new InvalidOperationException($"The import finished before the worker could be stopped: {d}");
            }

            return Count(d, "processed") >= file.Total * 0.02;
        }, "2% processed", pollMs: 25);

        first.Terminate();
        (await first.WaitForExitAsync(TimeSpan.FromSeconds(15))).Should().BeTrue("a worker exits within seconds of SIGTERM:\n" + first.Output);
        first.ExitCode.Should().Be(0, first.Output);

        var handedBack = await DetailsAsync(http, id);
        handedBack.GetProperty("status").GetString().Should().Be("queued", "the job goes back to the queue: {0}", handedBack);
        var atStop = Count(handedBack, "processed");
        atStop.Should().BeGreaterThan(0).And.BeLessThan(file.Total);
        (atStop % 500).Should().Be(0, "the open batch was finished and checkpointed");
        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE state = 'queued'")).Should().Be(1);

        await env.StartWorkerAsync();
        var done = await WaitForAsync(http, id, d => FinalStatuses.Contains(d.GetProperty("status").GetString()), "finished");
        ShouldMatch(done, file);
        await ContactsShouldMatchAsync(env, http, id, file);
    }

    [Theory]
    [InlineData(Stores.Postgres)]
    [InlineData(Stores.Sqlite)]
    public async Task Two_workers_share_ten_queued_imports_and_run_each_exactly_once(string store)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(workers: 0);
        var http = env.Client(server, key);
        // Long leases: nothing expires, so every job is claimed exactly once.
        var leases = new Dictionary<string, string> { ["CONTACTIMPORT_ContactImport__Workers__LeaseSeconds"] = "30" };
        var workers = await Task.WhenAll(env.StartWorkerAsync(leases), env.StartWorkerAsync(leases));

        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await ImportAsync(http, $"part{i}.csv", ContactsCsv($"w{i}-", 40 + i), new { batch_size = 10 }));
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var done = await WaitForStatusAsync(http, ids[i], "completed");
            Count(done, "total").Should().Be(40 + i);
            Count(done, "inserted").Should().Be(40 + i);
            CountsAddUp(done);
        }

        var expected = Enumerable.Range(0, 10).Sum(i => 40 + i);
        Count(await GetJsonAsync(http, "/api/contacts?page_size=1"), "total").Should().Be(expected);
        (await env.ScalarAsync("SELECT COUNT(*) FROM contacts")).Should().Be(expected);
        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs")).Should().Be(10);
        // A worker finishes the job just after the import it ran is completed: the last one may still be on its way.
        await Eventually.Until(async () => await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE state <> 'done'") == 0,
            "every job to be marked done", TimeSpan.FromSeconds(10));

        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE attempts <> 1 OR state <> 'done'")).Should().Be(0);
        foreach (var worker in workers)
        {
            worker.HasExited.Should().BeFalse(worker.Output);
            log.WriteLine($"{worker.Name} ran {CountOccurrences(worker.Output, "runs import job")} job(s)");
        }
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
