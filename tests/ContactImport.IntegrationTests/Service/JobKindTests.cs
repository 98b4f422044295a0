using ContactImport.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>A worker runs only the job kinds it knows; anything else fails loudly instead of running as an import.</summary>
public sealed class JobKindTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_job_of_an_unknown_kind_fails_for_good_with_a_clear_error(string store)
    {
        await using var env = await CreateAsync(store, log);
        await env.StartServerAsync(workers: 0); // migrates the database
        var now = env.IsPostgres ? "now()" : "0";
        var job = await env.ScalarAsync(
            "INSERT INTO jobs (kind, import_id, company_id, payload, state, attempts, max_attempts, run_after, created_at) " +
            $"VALUES ('export', '{Guid.NewGuid()}', 1, NULL, 'queued', 0, 5, {now}, {now}) RETURNING id");

        await env.StartWorkerAsync();

        await Eventually.Until(
            async () => await env.ScalarAsync($"SELECT COUNT(*) FROM jobs WHERE id = {job} AND state <> 'queued' AND state <> 'running'") == 1,
            "the worker to end the unknown job", Patience);
        (await env.ScalarAsync($"SELECT COUNT(*) FROM jobs WHERE id = {job} AND state = 'failed' AND attempts = 1 " +
            "AND last_error LIKE 'Unknown job kind ''export''%'")).Should().Be(1, "it fails at once, with its kind named");
    }
}
