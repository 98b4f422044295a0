using System.Diagnostics;
using System.Net.Http.Headers;
using ContactImport.IntegrationTests.Service;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Faults.FaultEnvironment;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Faults;

/// <summary>
/// SQLite's disk fills up in the middle of an import (the database lives on a small tmpfs): the import stops with a
/// clear error, what it committed is whole (the counts match the table), the service stays up, and once there is room
/// again the job's retry resumes from the checkpoint and ends exact.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper log)
{
    private const int Rows = 40_000;

    [Fact]
    public async Task A_full_disk_stops_a_sqlite_import_with_a_clear_error_nothing_half_written_and_it_resumes_when_there_is_room()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ci-diskfull-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (!await MountAsync(folder, "size=6m"))
        {
            // Mounting a tmpfs needs root (CAP_SYS_ADMIN); without it there is no small disk to fill.
            log.WriteLine("SKIPPED: cannot mount a tmpfs here (not root); the disk-full test needs one");
            Directory.Delete(folder);
            return;
        }

        var database = Path.Combine(folder, "contacts.db");
        ServiceProcess? server = null;
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            (await ContactImport.Cli.CliApp.RunAsync(["keys", "create", "--company", "acme", "--db", database], stdout, stderr,
                CancellationToken.None)).Should().Be(0, stderr.ToString());
            server = await ServiceProcess.StartServerAsync(database, Settings(leaseSeconds: 3), workers: 1);
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stdout.ToString().Trim());

            var id = await ImportAsync(http, "full.csv", Csv("f", Rows), new { batch_size = 500 });
            var stopped = await WaitForAsync(http, id, d =>
                d.TryGetProperty("error", out var e) && e.GetString()?.Contains("full", StringComparison.OrdinalIgnoreCase) == true
                || FinalStatuses.Contains(d.GetProperty("status").GetString()), "disk full", TimeSpan.FromSeconds(40), pollMs: 20);
            log.WriteLine($"stopped: {stopped}");
            stopped.GetProperty("error").GetString().Should().Contain("database or disk is full", "a clear error: {0}", stopped);
            var committed = Count(stopped, "inserted");
            committed.Should().BeLessThan(Rows);
            (committed % 500).Should().Be(0, "only whole batches are committed");
            (await CountContactsAsync(database)).Should().Be(committed, "nothing half-written: the table holds exactly the checkpoint's rows");
            server.HasExited.Should().BeFalse(server.Output);

            (await MountAsync(folder, "remount,size=128m")).Should().BeTrue();
            var done = await WaitForAsync(http, id, d => d.GetProperty("status").GetString() == "completed", "completed",
                TimeSpan.FromSeconds(60));
            Count(done, "inserted").Should().Be(Rows, "the retry resumed from the checkpoint: {0}", done);
            CountsAddUp(done);
            (await CountContactsAsync(database)).Should().Be(Rows);
            server.HasExited.Should().BeFalse();
        }
        finally
        {
            if (server is not null)
            {
                log.WriteLine(server.Output.Length > 20_000 ? "…" + server.Output[^20_000..] : server.Output);
                await server.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            await RunAsync("umount", folder);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<long> CountContactsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM contacts";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<bool> MountAsync(string folder, string options) =>
        RunAsync("mount", "-t", "tmpfs", "-o", options, "tmpfs", folder);

    private static async Task<bool> RunAsync(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
