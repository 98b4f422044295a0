using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ContactImport.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>Finished imports notify in-app and, through a real SMTP server on loopback, by e-mail.</summary>
public sealed class NotificationTests(ITestOutputHelper log)
{
    private const string PublicBaseUrl = "https://contacts.example.test";

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_finished_import_sends_an_email_with_a_link_and_an_in_app_notification_that_can_be_marked_read(string store)
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(environment: new Dictionary<string, string>
        {
            ["CONTACTIMPORT_ContactImport__Smtp__Host"] = "127.0.0.1",
            ["CONTACTIMPORT_ContactImport__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CONTACTIMPORT_ContactImport__PublicBaseUrl"] = PublicBaseUrl,
        });
        var http = env.Client(server, key);

        var id = await ImportAsync(http, "team.csv", ContactsCsv("mail", 3), new { notification_email = "ops@example.com" });
        await WaitForStatusAsync(http, id, "completed");

        var message = await smtp.WaitForMessageAsync(m => m.Contains($"/api/imports/{id}", StringComparison.Ordinal), Patience);
        message.Should().Contain("Subject: Import of team.csv completed");
        message.Should().Contain($"{PublicBaseUrl}/api/imports/{id}");
        message.Should().MatchRegex(@"(?im)^To: ops@example\.com");

        var notifications = await GetJsonAsync(http, "/api/notifications");
        var notification = notifications.GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("import_id").GetGuid() == id);
        notification.GetProperty("kind").GetString().Should().Be("import_completed");
        notification.GetProperty("title").GetString().Should().Be("Import of team.csv completed");
        notification.GetProperty("read").GetBoolean().Should().BeFalse();
        Count(notifications, "unread").Should().Be(1);

        var notificationId = notification.GetProperty("id").GetInt64();
        using (var read = await http.PostAsync(new Uri($"/api/notifications/{notificationId}/read", UriKind.Relative), null))
        {
            read.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var after = await GetJsonAsync(http, "/api/notifications");
        after.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("id").GetInt64() == notificationId)
            .GetProperty("read").GetBoolean().Should().BeTrue();
        Count(after, "unread").Should().Be(0);
        (await GetJsonAsync(http, "/api/notifications?unread=true")).GetProperty("items").GetArrayLength().Should().Be(0);

        // Another company neither sees nor marks it.
        var other = env.Client(server, await env.CreateKeyAsync("other"));
        (await GetJsonAsync(other, "/api/notifications")).GetProperty("items").GetArrayLength().Should().Be(0);
        using var foreign = await other.PostAsync(new Uri($"/api/notifications/{notificationId}/read", UriKind.Relative), null);
        foreign.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task An_import_ends_at_once_while_smtp_is_down_and_its_mail_arrives_once_smtp_is_back(string store)
    {
        var port = ServiceProcess.FreePort();
        await using var env = await CreateAsync(store, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(environment: Smtp(port));
        var http = env.Client(server, key);

        var id = await ImportAsync(http, "down.csv", ContactsCsv("down", 3), new { notification_email = "ops@example.com" });
        // Final and free to roll back while its e-mail (SMTP is still down) is pending: the mail does not hold it.
        var details = await WaitForAsync(http, id, d => d.GetProperty("status").GetString() == "completed"
            && d.GetProperty("is_final").GetBoolean(), "completed and final", TimeSpan.FromSeconds(20));
        details.GetProperty("can_rollback").GetBoolean().Should().BeTrue("{0}", details);
        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state <> 'done'")).Should().Be(1);
        (await GetJsonAsync(http, "/api/notifications")).GetProperty("items").EnumerateArray()
            .Should().Contain(n => n.GetProperty("import_id").GetGuid() == id, "the in-app notification is immediate");

        // The notify job fails on the dead port and is queued again with backoff.
        await PollAsync(env, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'queued' AND attempts >= 2 " +
                             "AND last_error LIKE 'SMTP%'", "the notify job retried");
        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'import' AND state = 'done'")).Should().Be(1);

        await using var smtp = await SmtpServer.StartAsync(port);
        var message = await smtp.WaitForMessageAsync(m => m.Contains($"/api/imports/{id}", StringComparison.Ordinal), Patience);
        message.Should().Contain("Subject: Import of down.csv completed");
        message.Should().MatchRegex(@"(?im)^To: ops@example\.com");
        await PollAsync(env, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'done'", "the notify job is done");
    }

    [Fact]
    public async Task A_mail_that_cannot_be_sent_fails_its_notify_job_after_the_last_attempt_with_the_smtp_error()
    {
        var port = ServiceProcess.FreePort();
        await using var env = await CreateAsync(Stores.Sqlite, log);
        var key = await env.CreateKeyAsync("acme");
        var server = await env.StartServerAsync(environment: Smtp(port));
        var http = env.Client(server, key);

        var id = await ImportAsync(http, "never.csv", ContactsCsv("never", 2), new { notification_email = "ops@example.com" });
        await WaitForStatusAsync(http, id, "completed", TimeSpan.FromSeconds(20));

        // Five attempts with backoff (about 2, 4, 8 and 16 s, jittered down to half).
        await PollAsync(env, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'failed' AND attempts = max_attempts " +
                             "AND last_error LIKE 'SMTP%'", "the notify job failed for good", TimeSpan.FromSeconds(90));
        (await env.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE kind = 'notify'")).Should().Be(1, "one mail, one job");
        (await DetailsAsync(http, id)).GetProperty("status").GetString().Should().Be("completed");
    }

    private static Dictionary<string, string> Smtp(int port) => new()
    {
        ["CONTACTIMPORT_ContactImport__Smtp__Host"] = "127.0.0.1",
        ["CONTACTIMPORT_ContactImport__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task PollAsync(ServiceHarness env, string countSql, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (await env.ScalarAsync(countSql) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not seen within {timeout ?? Patience}: {what} ({countSql})");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Debian's aiosmtpd (<c>python3 -m aiosmtpd -n</c>) on a free loopback port; it prints every message.</summary>
    private sealed class SmtpServer : IAsyncDisposable
    {
        private const string Python = "/usr/bin/python3";
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private SmtpServer(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<SmtpServer> StartAsync(int? listenOn = null)
        {
            File.Exists(Python).Should().BeTrue("Debian's python3 with python3-aiosmtpd is needed (scripts/test.sh installs it)");
            var port = listenOn ?? ServiceProcess.FreePort();
            var info = new ProcessStartInfo(Python, ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["PYTHONUNBUFFERED"] = "1";
            var process = new Process { StartInfo = info };
            var server = new SmtpServer(process, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"aiosmtpd exited ({process.ExitCode}); is python3-aiosmtpd installed? {server.Output}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    return server;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>Waits for a printed message whose decoded text satisfies <paramref name="match"/>.</summary>
        public Task<string> WaitForMessageAsync(Func<string, bool> match, TimeSpan timeout) =>
            Eventually.Until(() => Task.FromResult(Messages().FirstOrDefault(match)),
                () => $"a matching e-mail. SMTP server output:\n{Output}", timeout, TimeSpan.FromMilliseconds(100));

        /// <summary>The printed messages, with base64 / quoted-printable bodies decoded.</summary>
        private IEnumerable<string> Messages()
        {
            var parts = Output.Split("---------- MESSAGE FOLLOWS ----------");
            foreach (var part in parts.Skip(1))
            {
                var end = part.IndexOf("------------ END MESSAGE ------------", StringComparison.Ordinal);
                if (end < 0)
                {
                    continue;
                }

                var text = part[..end].Replace("\r\n", "\n", StringComparison.Ordinal);
                var split = text.IndexOf("\n\n", StringComparison.Ordinal);
                var headers = split < 0 ? text : text[..split];
                var body = split < 0 ? "" : text[(split + 2)..];
                if (Regex.IsMatch(headers, @"(?im)^Content-Transfer-Encoding:\s*base64"))
                {
                    try
                    {
                        body = Encoding.UTF8.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s+", "")));
                    }
                    catch (FormatException)
                    {
                        // Leave it as printed.
                    }
                }
                else if (Regex.IsMatch(headers, @"(?im)^Content-Transfer-Encoding:\s*quoted-printable"))
                {
                    body = DecodeQuotedPrintable(body);
                }

                yield return headers + "\n\n" + body;
            }
        }

        private static string DecodeQuotedPrintable(string text)
        {
            text = Regex.Replace(text, "=\n", "");
            var bytes = new List<byte>();
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
                {
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                }
            }

            return Encoding.UTF8.GetString([.. bytes]);
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
