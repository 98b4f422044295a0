using System.Net;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Faults.FaultEnvironment;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

using Stores = ContactImport.IntegrationTests.Service.Stores;

/// <summary>A supervisor starts <c>serve</c> or <c>worker</c> while PostgreSQL is unreachable (a proxy in front of it
/// refuses connections): the process says it waits, stays up, and starts once the database is back.</summary>
public sealed class StartWhileDownTests(ITestOutputHelper log)
{
    private const string Waiting = "database unavailable at start-up";

    [Theory]
    [InlineData("worker")]
    [InlineData("serve")]
    public async Task A_service_started_while_the_database_is_down_waits_for_it_and_then_starts(string verb)
    {
        await using var env = await CreateAsync(Stores.Postgres, log);
        var (host, port) = Target(env.Database);
        await using var proxy = new TcpProxy(host, port);
        proxy.Cut();
        var baseAddress = new Uri($"http://127.0.0.1:{ServiceProcess.FreePort()}");
        List<string> args = [verb, "--db", ThroughProxy(env.Database, proxy)];
        if (verb == "serve")
        {
            args.AddRange(["--urls", baseAddress.ToString().TrimEnd('/')]);
        }

        await using var process = ServiceProcess.Launch(args, Settings(), verb, baseAddress);
        try
        {
            // Several notices: it went on waiting after its quick retries, where it used to exit.
            await Eventually.Until(
                () => Task.FromResult(process.HasExited ? throw new InvalidOperationException(process.Output)
                    : process.Output.Split(Waiting).Length > 4),
                () => $"{verb} to keep waiting:\n{process.Output}", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
            process.HasExited.Should().BeFalse();

            proxy.Restore();

            await process.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60));
            if (verb == "serve")
            {
                using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
                (await StatusAsync(http, "/healthz/ready")).Should().Be(HttpStatusCode.OK);
            }
        }
        finally
        {
            log.WriteLine(process.Output);
        }
    }
}
