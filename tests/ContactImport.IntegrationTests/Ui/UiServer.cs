using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ContactImport.Cli;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.IntegrationTests.Service;
using Microsoft.Playwright;

namespace ContactImport.IntegrationTests.Ui;

/// <summary>
/// What the browser tests share: a real <c>contactimport serve</c> process on a free loopback port with its own
/// SQLite database, an API key for company "acme", and a headless Chromium (Debian's, not Playwright's download).
/// </summary>
public sealed class UiServer : IAsyncLifetime
{
    public const string ChromiumVariable = "CONTACTIMPORT_TEST_CHROMIUM";

    /// <summary>When set, the tests save screenshots there (for looking at the UI during development).</summary>
    public const string ScreenshotsVariable = "CONTACTIMPORT_UI_SCREENSHOTS";

    /// <summary>The server's upload limit, small so that a test can go over it.</summary>
    public const int UploadLimitBytes = 1024 * 1024;

    private readonly StringBuilder _log = new();
    private Process? _process;
    private IPlaywright? _playwright;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("contactimport-ui-").FullName;

    public string BaseUrl { get; private set; } = "";

    public string ApiKey { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The server's console output so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var database = Path.Combine(Directory, "ui.db");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            var exit = await CliApp.RunAsync(["keys", "create", "--company", "acme", "--user", "ui", "--db", database],
                stdout, stderr, CancellationToken.None);
            exit.Should().Be(0, stderr.ToString());
            ApiKey = stdout.ToString().Trim();
        }

        var port = ServiceProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = ProductBinary.StartInfo(["serve", "--db", database, "--urls", BaseUrl]);
        start.WorkingDirectory = Directory;
        start.Environment["ContactImport__Uploads__MaxBytes"] =
            UploadLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(15) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        await WaitUntilHealthyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the exiting server: the temp folder is cleaned up by the OS.
        }
    }

    /// <summary>A page in a fresh browser context (own session storage), with downloads allowed.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder)
        {
            System.IO.Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    /// <summary>The repository's <c>samples/</c> file, copied into this run's folder.</summary>
    public string Sample(string name)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ContactImport.slnx")))
        {
            folder = folder.Parent;
        }

        if (folder is null)
        {
            throw new InvalidOperationException($"No ContactImport.slnx above {AppContext.BaseDirectory}");
        }

        var copy = Path.Combine(Directory, name);
        File.Copy(Path.Combine(folder.FullName, "samples", name), copy, overwrite: true);
        return copy;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await Http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server did not become healthy at {BaseUrl} within 30 s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }
}
