using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ContactImport.Bench;

/// <summary>One measured child run: wall time from spawn to exit, the child's own peak RSS and CPU time.</summary>
internal sealed record ChildResult(int ExitCode, double WallSeconds, long PeakRssBytes, double CpuSeconds, string Stdout,
    IReadOnlyList<string> StderrTail)
{
    /// <summary>The machine's 1-minute load average at the end of the run: more runnable tasks than cores means the
    /// wall time includes waiting for a CPU (a shared machine), so compare CPU seconds too.</summary>
    public double LoadAverage { get; init; }

    public double PeakRssMb => PeakRssBytes / (1024.0 * 1024.0);

    /// <summary>The most telling line for "not available: …": an <c>error:</c> line, an exception, else the last line.</summary>
    public string FailureReason()
    {
        var line = StderrTail.LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal))
                   ?? StderrTail.FirstOrDefault(l => l.Contains("Exception:", StringComparison.Ordinal))
                   ?? StderrTail.LastOrDefault(l => l.Trim().Length > 0)
                   ?? "exit code " + ExitCode.ToString(CultureInfo.InvariantCulture);
        line = line.Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}

/// <summary>
/// Runs each contender in its own process so peak memory is that contender's alone. Peak RSS is VmHWM polled from
/// /proc every 50 ms (a high-water mark, so polling misses nothing but the last few ms). Not getrusage's children
/// ru_maxrss: Linux records in it the RSS of the process that exec'd, which is this one (a 1M-row merge rollback with
/// 46 MB of its own, under /usr/bin/time, was reported at 103 MB — the bench's RSS after hashing the contacts).
/// </summary>
internal static partial class ChildProcess
{
    public static async Task<ChildResult> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var before = Usage.ChildrenCpuSeconds();
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        var tail = new Queue<string>();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + command[0]);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(ct) is { } line)
            {
                lock (tail)
                {
                    tail.Enqueue(line);
                    if (tail.Count > 40)
                    {
                        tail.Dequeue();
                    }
                }
            }
        }, ct);

        var statusPath = $"/proc/{process.Id}/status";
        long peak = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(CancellationToken.None);
        try
        {
            while (!exited.IsCompleted)
            {
                peak = Math.Max(peak, ReadVmHwm(statusPath));
                await Task.WhenAny(exited, Task.Delay(50, deadline.Token));
                deadline.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await exited;
            throw new TimeoutException($"{Path.GetFileName(command[0])} did not finish within {timeout}");
        }

        await exited;
        sw.Stop();
        var after = Usage.ChildrenCpuSeconds();

        var output = await stdout;
        await stderr;
        return new ChildResult(process.ExitCode, sw.Elapsed.TotalSeconds, peak, after - before,
            output, [.. tail])
        {
            LoadAverage = LoadAverage1Min(),
        };
    }

    public static double LoadAverage1Min()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static long ReadVmHwm(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process ended between the check and the read; rusage covers the rest.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>getrusage(2) for finished, reaped children (Linux x86-64/arm64 layout).</summary>
    private static partial class Usage
    {
        private const int RusageChildren = -1;

        [StructLayout(LayoutKind.Sequential)]
        private struct RUsage
        {
            public long UserSeconds;
            public long UserMicros;
            public long SystemSeconds;
            public long SystemMicros;
            public long MaxRssKb;
            public long Ixrss, Idrss, Isrss, Minflt, Majflt, Nswap, Inblock, Oublock, Msgsnd, Msgrcv, Nsignals, Nvcsw, Nivcsw;
        }

        [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
        private static partial int GetRUsage(int who, out RUsage usage);

        /// <summary>The CPU time of every child reaped so far (one runs at a time, so a difference is that child's).</summary>
        public static double ChildrenCpuSeconds()
        {
            if (!OperatingSystem.IsLinux() || GetRUsage(RusageChildren, out var u) != 0)
            {
                return 0;
            }

            return u.UserSeconds + u.UserMicros / 1e6 + u.SystemSeconds + u.SystemMicros / 1e6;
        }
    }
}
