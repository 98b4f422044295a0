using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Faults.FaultEnvironment;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

using Stores = ContactImport.IntegrationTests.Service.Stores;

/// <summary>
/// A worker killed with SIGKILL at a random batch: its private temporary folder (the copy of the upload) is removed by
/// the next process that starts, the next worker finishes the import exactly, and nothing is left on disk.
/// </summary>
public sealed class KilledWorkerTests(ITestOutputHelper log)
{
    private const int BatchSize = 500;

    [Theory]
    [InlineData(Stores.Postgres)]
    [InlineData(Stores.Sqlite)]
    public async Task A_worker_killed_at_a_random_batch_leaves_no_upload_on_disk_and_the_next_worker_ends_the_import_exact(string store)
    {
        // A quiet machine can finish 100,000 SQLite rows between two polls; the kill must land mid-import, so a run
        // that ended first starts again on a fresh database with twice the rows.
        for (var rows = 100_000; ; rows *= 2)
        {
            if (await KillMidImportAndResumeAsync(store, rows))
            {
                return;
            }

            rows.Should().BeLessThan(400_000, "an import of {0} rows ended before the poller saw it running", rows);
            log.WriteLine($"the {rows}-row import ended before the kill; again with {rows * 2} rows");
        }
    }

    /// <summary>False when the import ended before the worker could be killed (the test's premise, not a failure).</summary>
    private async Task<bool> KillMidImportAndResumeAsync(string store, int rows)
    {
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var root = NewTempRoot();
        var scratch = Path.Combine(root, "contactimport");
        try
        {
            var server = await env.StartServerAsync(workers: 0);
            var http = env.Client(server, key);
            var first = await env.StartWorkerAsync(Settings(root, leaseSeconds: 2));

            var id = await ImportAsync(http, "kill.csv", Csv("k", rows), new { batch_size = BatchSize });
            // Within the first quarter, so the kill lands mid-import even on a fast store (SQLite writes ~50,000 rows a second).
            var killAt = Random.Shared.Next(1, rows / BatchSize / 4) * BatchSize;
            log.WriteLine($"killing the worker once {killAt} of {rows} rows are committed");
            var seen = await WaitForAsync(http, id,
                d => FinalStatuses.Contains(d.GetProperty("status").GetString()) || Count(d, "processed") >= killAt,
                $"{killAt} rows", pollMs: 20);
            first.Kill();
            (await first.WaitForExitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue();
            // The status polled before the kill can lag the worker: an import that ended in between is final now.
            var now = await WaitForAsync(http, id, _ => true, "its status", pollMs: 20);
            if (FinalStatuses.Contains(seen.GetProperty("status").GetString()) || FinalStatuses.Contains(now.GetProperty("status").GetString()))
            {
                return false;
            }

            var left = Listing(scratch);
            left.Should().Contain(e => e.EndsWith(".upload", StringComparison.Ordinal),
                "the killed worker's copy of the upload is in its own folder (SIGKILL cleans nothing up): {0}", Describe(left));

            var second = await env.StartWorkerAsync(Settings(root, leaseSeconds: 2));
            Listing(scratch).Should().NotContain(e => e.StartsWith($"{first.Id}-", StringComparison.Ordinal),
                "the new worker removed the dead worker's folder at start");

            var done = await WaitForAsync(http, id, d => FinalStatuses.Contains(d.GetProperty("status").GetString()), "finished");
            await ShouldBeExactAsync(env, done, rows);
            (await env.ScalarAsync("SELECT MAX(attempts) FROM jobs")).Should().Be(2, "the second worker resumed the expired lease");

            second.Terminate();
            (await second.WaitForExitAsync(TimeSpan.FromSeconds(15))).Should().BeTrue();
            second.ExitCode.Should().Be(0, second.Output);
            Listing(scratch).Should().BeEmpty("nothing personal lingers once the workers are gone");
            // The dotnet host (CONTACTIMPORT_TEST_BINARY unset) leaves its diagnostic pipes, which hold no data.
            Listing(root).Where(e => e != "contactimport").Should().OnlyContain(
                e => e.StartsWith("dotnet-diagnostic-", StringComparison.Ordinal) || e.StartsWith("clr-debug-pipe-", StringComparison.Ordinal),
                "nothing of the import outside the private folders either");
            return true;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
