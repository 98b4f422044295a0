using System.Diagnostics;
using ContactImport.Workers;

namespace ContactImport.IntegrationTests.Faults;

/// <summary>The private temporary folder: 0700, gone on dispose, and a start removes only dead processes' folders.</summary>
public sealed class ProcessScratchTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_start_removes_folders_of_dead_processes_and_of_reused_pids_but_keeps_live_ones()
    {
        var root = Path.Combine(Path.GetTempPath(), "ci-scratch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            // A live process (pid 1) with the wrong start time: its pid was reused, the folder's owner is dead.
            var reused = Directory.CreateDirectory(Path.Combine(root, "1-12345")).FullName;
            File.WriteAllText(Path.Combine(reused, "x.upload"), "personal");
            var dead = Directory.CreateDirectory(Path.Combine(root, "999999999-1")).FullName;
            using var other = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
            var stat = File.ReadAllText($"/proc/{other.Id}/stat");
            var start = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
            var alive = Directory.CreateDirectory(Path.Combine(root, $"{other.Id}-{start}")).FullName;
            var unrelated = Directory.CreateDirectory(Path.Combine(root, "not-ours")).FullName;

            using (var scratch = new ProcessScratch(root))
            {
                Directory.Exists(reused).Should().BeFalse("pid 1 runs, but it is not the process that made the folder");
                Directory.Exists(dead).Should().BeFalse();
                Directory.Exists(alive).Should().BeTrue("its process still runs");
                Directory.Exists(unrelated).Should().BeTrue("only folders named <pid>-<start> are ours");
                Directory.Exists(scratch.Folder).Should().BeTrue();
                File.GetUnixFileMode(scratch.Folder).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.WriteAllText(scratch.NewFile("upload", ".upload"), "personal");
                other.Kill();
                other.WaitForExit();
            }

            Directory.GetDirectories(root).Select(Path.GetFileName).Should().BeEquivalentTo(
                [Path.GetFileName(alive), "not-ours"], "dispose removes this process's folder");
            using (new ProcessScratch(root))
            {
                Directory.Exists(alive).Should().BeFalse("its process has ended since");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
