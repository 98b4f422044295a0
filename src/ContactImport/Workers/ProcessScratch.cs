using System.Globalization;
using System.Text.RegularExpressions;

namespace ContactImport.Workers;

/// <summary>
/// The only place a service writes personal data outside the database: a private folder of this process
/// (<c>$TMPDIR/contactimport/&lt;pid&gt;-&lt;start ticks&gt;/</c>, mode 0700), removed when the process ends. A process
/// killed with SIGKILL cannot clean up, so every start removes the folders of processes that are gone — the start
/// time in the name tells a dead process from a new one that reuses its pid.
/// </summary>
public sealed partial class ProcessScratch : IDisposable
{
    private readonly ILogger<ProcessScratch>? _logger;
    private int _disposed;

    public ProcessScratch(ILogger<ProcessScratch>? logger = null)
        : this(DefaultRoot, logger)
    {
    }

    public ProcessScratch(string root, ILogger<ProcessScratch>? logger = null)
    {
        _logger = logger;
        Root = root;
        var (pid, start) = (Environment.ProcessId, StartTicks(Environment.ProcessId));
        Folder = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{pid}-{start}"));
        Directory.CreateDirectory(root);
        Sweep();
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Process exit (SIGTERM, Ctrl+C, a fatal error) removes the folder even when the host is not disposed.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public static string DefaultRoot => Path.Combine(Path.GetTempPath(), "contactimport");

    /// <summary>Where every process keeps its folder.</summary>
    public string Root { get; }

    /// <summary>This process's folder.</summary>
    public string Folder { get; }

    /// <summary>A new, unique file path inside this process's folder (the caller deletes the file when done).</summary>
    public string NewFile(string prefix, string extension) =>
        Path.Combine(Folder, $"{prefix}-{Guid.NewGuid():N}{extension}");

    /// <summary>Removes the folders of processes that no longer run.</summary>
    public void Sweep()
    {
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var match = FolderName().Match(Path.GetFileName(folder));
            if (!match.Success)
            {
                continue;
            }

            var pid = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var start = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (IsRunning(pid, start))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                _logger?.LogInformation("Removed the temporary folder {Folder} of ended process {Pid}", folder, pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger?.LogWarning(ex, "Could not remove the temporary folder {Folder} of ended process {Pid}", folder, pid);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger?.LogWarning(ex, "Could not remove the temporary folder {Folder}", Folder);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static bool IsRunning(int pid, long startTicks)
    {
        try
        {
            return StartTicks(pid) == startTicks;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException
                                       or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// A process's start time: on Linux field 22 of <c>/proc/&lt;pid&gt;/stat</c> (clock ticks since boot, exact and
    /// readable for any process), elsewhere the start time the OS reports.
    /// </summary>
    private static long StartTicks(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (Directory.Exists("/proc/self"))
        {
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }

        using var process = System.Diagnostics.Process.GetProcessById(pid);
        return process.StartTime.ToUniversalTime().Ticks;
    }

    [GeneratedRegex("^([0-9]+)-([0-9]+)$")]
    private static partial Regex FolderName();
}
