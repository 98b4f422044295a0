using System.Net;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Faults.FaultEnvironment;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

using Stores = ContactImport.IntegrationTests.Service.Stores;

/// <summary>
/// PostgreSQL goes away for 10 or 60 seconds in the middle of an import (a proxy between the product and the database
/// resets every connection and refuses new ones, then lets them through again): the processes stay up, the API
/// answers 503 with Retry-After meanwhile, and the import resumes and ends with exact counts.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper log)
{
    private const int Rows = 30_000;

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    public async Task Serve_waits_out_an_outage_mid_import_answers_503_meanwhile_and_the_import_ends_exact(int seconds)
    {
        var outage = TimeSpan.FromSeconds(seconds);
        await using var env = await CreateAsync(Stores.Postgres, log);
        var key = await env.CreateKeyAsync("acme");
        var (host, port) = Target(env.Database);
        await using var proxy = new TcpProxy(host, port);
        await using var server = await ServiceProcess.StartServerAsync(ThroughProxy(env.Database, proxy), Settings(), workers: 1);
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new("Bearer", key);
            var id = (await UploadAsync(http, "outage.csv", Csv("o", Rows))).GetProperty("import_id").GetGuid();

            // A little into the import's COPY traffic: mid-import whatever the machine's speed.
            proxy.CutAfterClientBytes(300_000);
            await ExecuteAsync(http, id, new { batch_size = 1000 });
            await proxy.Cutting.WaitAsync(TimeSpan.FromSeconds(20));
            var cutAt = DateTime.UtcNow;

            await Task.Delay(TimeSpan.FromSeconds(1));
            server.HasExited.Should().BeFalse(server.Output);
            await ShouldBeUnavailableAsync(http, $"/api/imports/{id}");
            await ShouldBeUnavailableAsync(http, "/api/contacts?page_size=1");
            (await StatusAsync(http, "/healthz/live")).Should().Be(HttpStatusCode.OK);
            (await StatusAsync(http, "/healthz/ready")).Should().Be(HttpStatusCode.ServiceUnavailable);
            (await StatusAsync(http, "/healthz")).Should().Be(HttpStatusCode.ServiceUnavailable);

            var rest = outage - (DateTime.UtcNow - cutAt);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            server.HasExited.Should().BeFalse("serve waits the outage out:\n" + server.Output);
            proxy.Restore();

            var done = await WaitForAsync(http, id, d => FinalStatuses.Contains(d.GetProperty("status").GetString()) ||
                                                        d.GetProperty("status").GetString() == "failed", "finished",
                TimeSpan.FromSeconds(40));
            await ShouldBeExactAsync(env, done, Rows);
            (await StatusAsync(http, "/healthz/ready")).Should().Be(HttpStatusCode.OK);
            (await StatusAsync(http, $"/api/imports/{id}")).Should().Be(HttpStatusCode.OK);
            server.HasExited.Should().BeFalse();
            server.Output.Should().Contain("database unavailable, retrying");
        }
        finally
        {
            log.WriteLine(server.Output.Length > 20_000 ? "…" + server.Output[^20_000..] : server.Output);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    public async Task A_worker_waits_out_an_outage_mid_import_and_the_import_ends_exact(int seconds)
    {
        await using var env = await CreateAsync(Stores.Postgres, log);
        var key = await env.CreateKeyAsync("acme");
        // The API reaches the database directly; only the worker's connections go through the proxy.
        var server = await env.StartServerAsync(workers: 0);
        var http = env.Client(server, key);
        var (host, port) = Target(env.Database);
        await using var proxy = new TcpProxy(host, port);
        await using var worker = await ServiceProcess.StartWorkerAsync(ThroughProxy(env.Database, proxy), Settings());
        try
        {
            var id = (await UploadAsync(http, "outage.csv", Csv("w", Rows))).GetProperty("import_id").GetGuid();
            proxy.CutAfterClientBytes(300_000);
            await ExecuteAsync(http, id, new { batch_size = 1000 });
            await proxy.Cutting.WaitAsync(TimeSpan.FromSeconds(20));

            var during = await DetailsAsync(http, id);
            during.GetProperty("status").GetString().Should().Be("running", "the import waits: {0}", during);
            Count(during, "processed").Should().BeLessThan(Rows);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            worker.HasExited.Should().BeFalse("the worker waits the outage out:\n" + worker.Output);
            proxy.Restore();

            var done = await WaitForAsync(http, id, d => FinalStatuses.Contains(d.GetProperty("status").GetString()),
                "finished", TimeSpan.FromSeconds(40));
            await ShouldBeExactAsync(env, done, Rows);
            (await env.ScalarAsync("SELECT MAX(attempts) FROM jobs")).Should().Be(1, "the job kept its lease through the outage");
            worker.HasExited.Should().BeFalse();
            worker.Output.Should().Contain("database unavailable, retrying");
        }
        finally
        {
            log.WriteLine(worker.Output.Length > 20_000 ? "…" + worker.Output[^20_000..] : worker.Output);
        }
    }
}
