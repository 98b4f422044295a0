using ContactImport.Core.Pipeline;

namespace ContactImport.Tests.Pipeline;

public sealed class ReaderThreadTests
{
    [Fact]
    public async Task The_body_and_every_continuation_of_its_awaits_run_on_one_thread_that_is_not_the_callers()
    {
        var threads = new List<int>();
        var result = await ReaderThread.Run(async () =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Yield();
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(20); // completes on a timer thread
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(5));
            threads.Add(Environment.CurrentManagedThreadId);
            return 42;
        });

        result.Should().Be(42);
        threads.Should().HaveCount(4).And.OnlyContain(id => id == threads[0]);
        threads[0].Should().NotBe(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task A_failure_of_the_body_fails_its_task_with_the_same_exception()
    {
        var run = ReaderThread.Run<int>(async () =>
        {
            await Task.Yield();
            throw new InvalidDataException("row 7 cannot be read");
        });

        await run.Invoking(r => r).Should().ThrowAsync<InvalidDataException>().WithMessage("row 7 cannot be read");
    }

    [Fact]
    public async Task A_body_cancelled_while_waiting_ends_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var run = ReaderThread.Run(async () =>
        {
            await Task.Delay(Timeout.Infinite, cts.Token);
            return 0;
        });

        await cts.CancelAsync();
        await run.Invoking(r => r).Should().ThrowAsync<OperationCanceledException>();
        run.IsCanceled.Should().BeTrue();
    }

    [Fact]
    public async Task On_linux_the_reader_runs_below_normal_priority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the priority is only lowered on Linux
        }

        var nice = await ReaderThread.Run(() =>
        {
            // /proc/thread-self/stat: the 19th field is the thread's nice value (after the parenthesised name).
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Task.FromResult(int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
        });

        nice.Should().Be(ReaderThread.Niceness);
    }
}
