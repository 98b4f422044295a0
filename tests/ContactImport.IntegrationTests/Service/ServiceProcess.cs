using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Service;

/// <summary>
/// A real <c>contactimport serve</c> or <c>worker</c> process (the built <c>contactimport.dll</c> next to the test
/// assembly), with its stdout/stderr captured for diagnostics. Dispose kills it (whole process tree).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, string name, Uri? baseAddress)
    {
        _process = process;
        Name = name;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    /// <summary>Where a <c>serve</c> process listens; null for a worker.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>The process id (still known after exit and dispose).</summary>
    public int Id { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far (stdout and stderr, interleaved).</summary>
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

    /// <summary>Starts <c>serve</c> on a free loopback port and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<ServiceProcess> StartServerAsync(string database, IReadOnlyDictionary<string, string> environment,
        int? workers = null, string name = "serve")
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        List<string> args = ["serve", "--db", database, "--urls", baseAddress.ToString().TrimEnd('/')];
        if (workers is not null)
        {
            args.AddRange(["--workers", workers.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        var process = Start(args, environment, name, baseAddress);
        try
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException(
                        $"{name} exited with code {process.ExitCode} before answering /healthz:\n{process.Output}");
                }

                try
                {
                    using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return process;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{name} did not answer /healthz within {StartTimeout}:\n{process.Output}");
                }

                await Task.Delay(100);
            }
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>worker</c> and waits until its host has started.</summary>
    public static async Task<ServiceProcess> StartWorkerAsync(string database, IReadOnlyDictionary<string, string> environment,
        string name = "worker")
    {
        var process = Start(["worker", "--db", database], environment, name, null);
        try
        {
            await process.WaitForOutputAsync("Application started", StartTimeout);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a verb and waits for nothing (a service started before its database is reachable).</summary>
    public static ServiceProcess Launch(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string name,
        Uri? baseAddress = null) => Start(args, environment, name, baseAddress);

    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.Until(() => Output.Contains(text, StringComparison.Ordinal) ? Task.FromResult(true)
                : HasExited ? throw new InvalidOperationException($"{Name} exited with code {ExitCode} before printing '{text}':\n{Output}")
                : Task.FromResult(false),
            () => $"{Name} to print '{text}':\n{Output}", timeout, TimeSpan.FromMilliseconds(50));

    /// <summary>SIGKILL: the process dies at once, mid-batch, without handing anything back.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM: a graceful shutdown.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
        })!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static ServiceProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string name,
        Uri? baseAddress)
    {
        var info = ProductBinary.StartInfo(args);
        info.RedirectStandardInput = true;
        info.WorkingDirectory = AppContext.BaseDirectory;

        // The test run's own settings must not leak into the service under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CONTACTIMPORT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var wrapper = new ServiceProcess(process, name, baseAddress);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        wrapper.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
