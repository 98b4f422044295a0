using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Faults.FaultEnvironment;

namespace ContactImport.IntegrationTests.Faults;

using Stores = ContactImport.IntegrationTests.Service.Stores;

/// <summary>
/// The CLI import waits out an outage up to <c>--db-wait</c>, saying so on stderr; past it, it exits 1 and leaves the
/// import at its last committed batch. A service that cannot run at all exits non-zero and says why.
/// </summary>
public sealed class CliOutageTests(ITestOutputHelper log)
{
    private const int Rows = 30_000;

    [Fact]
    public async Task A_cli_import_waits_out_a_short_outage_with_a_visible_message_and_ends_exact()
    {
        await using var env = await ServiceHarness.CreateAsync(Service.Stores.Postgres, log);
        var (host, port) = Target(env.Database);
        await using var proxy = new TcpProxy(host, port);
        var file = Path.Combine(env.Directory, "cli.csv");
        await File.WriteAllTextAsync(file, Csv("c", Rows));

        proxy.CutAfterClientBytes(300_000);
        var restore = Task.Run(async () =>
        {
            await proxy.Cutting;
            await Task.Delay(TimeSpan.FromSeconds(4));
            proxy.Restore();
        });
        var (code, stdout, stderr) = await CliAsync(ThroughProxy(env.Database, proxy),
            "import", file, "--batch-size", "500", "--db-wait", "60s");
        await restore;
        log.WriteLine(stderr);

        code.Should().Be(0, stderr);
        stderr.Should().Contain("database unavailable, retrying in");
        var id = stdout.Trim();
        (await env.ScalarAsync($"SELECT inserted FROM imports WHERE id = '{id}'")).Should().Be(Rows);
        (await env.ScalarAsync("SELECT COUNT(*) FROM contacts")).Should().Be(Rows);
        (await env.ScalarAsync("SELECT COUNT(DISTINCT email) FROM contacts")).Should().Be(Rows);
    }

    [Fact]
    public async Task A_cli_import_gives_up_after_db_wait_with_exit_1_and_keeps_its_committed_batches()
    {
        await using var env = await ServiceHarness.CreateAsync(Service.Stores.Postgres, log);
        var (host, port) = Target(env.Database);
        await using var proxy = new TcpProxy(host, port);
        var file = Path.Combine(env.Directory, "cli.csv");
        await File.WriteAllTextAsync(file, Csv("g", Rows));

        proxy.CutAfterClientBytes(300_000);
        var clock = Stopwatch.StartNew();
        var (code, _, stderr) = await CliAsync(ThroughProxy(env.Database, proxy),
            "import", file, "--batch-size", "500", "--db-wait", "3s");
        clock.Stop();
        log.WriteLine(stderr);

        code.Should().Be(1);
        stderr.Should().Contain("database unavailable, retrying in").And.Contain("longer than --db-wait (3s)")
            .And.Contain("can be resumed");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(25), "it gives up after about --db-wait");

        // Nothing half-written: the import's checkpoint counts exactly the contacts its committed batches wrote.
        var inserted = await env.ScalarAsync("SELECT inserted FROM imports");
        inserted.Should().BeLessThan(Rows);
        (await env.ScalarAsync("SELECT rows_consumed FROM imports")).Should().Be(inserted);
        (await env.ScalarAsync("SELECT COUNT(*) FROM contacts")).Should().Be(inserted);
    }

    [Fact]
    public async Task Serve_that_cannot_listen_exits_non_zero_and_says_why()
    {
        await using var env = await ServiceHarness.CreateAsync(Service.Stores.Sqlite, log);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var info = ProductBinary.StartInfo(["serve", "--db", env.Database, "--urls", $"http://127.0.0.1:{port}"]);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CONTACTIMPORT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        log.WriteLine(output);

        process.ExitCode.Should().NotBe(0, "a supervisor must see the failure");
        (await stderr).Should().Contain("error: serve stopped").And.Contain("address already in use");
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(string database, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ContactImport.Cli.CliApp.RunAsync([.. args, "--db", database], stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
