using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using Spectre.Console;

namespace ContactImport.Cli;

/// <summary>Shows import progress on stderr: a live bar on a terminal, else one plain line a second.</summary>
internal static class ProgressRenderer
{
    public static async Task<T> RunAsync<T>(TextWriter err, ProgressTracker tracker, string title, Func<Task<T>> run)
    {
        if (ReferenceEquals(err, Console.Error) && !Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                    var work = run();
                    while (await Task.WhenAny(work, Task.Delay(200)) != work)
                    {
                        Update(task, tracker.Latest);
                    }

                    Update(task, tracker.Latest);
                    return await work;
                });
        }

        var runTask = run();
        while (await Task.WhenAny(runTask, Task.Delay(1000)) != runTask)
        {
            if (tracker.Latest is { } p)
            {
                await err.WriteLineAsync(Line(p));
            }
        }

        if (tracker.Latest is { } last)
        {
            await err.WriteLineAsync(Line(last));
        }

        return await runTask;
    }

    private static void Update(ProgressTask task, ImportProgress? p)
    {
        if (p is null)
        {
            return;
        }

        task.MaxValue = Math.Max(1, p.Total);
        task.Value = p.Processed;
        task.Description = Markup.Escape(
            $"batch {p.CurrentBatch}/{p.TotalBatches}  ok {p.Counts.Success:N0}  dup {p.Counts.Duplicates:N0}  " +
            $"failed {p.Counts.Failed:N0}  {p.SpeedPerMinute:N0}/min");
    }

    internal static string Line(ImportProgress p) =>
        $"progress: {p.Percent:0.0}% {p.Processed}/{p.Total} rows, batch {p.CurrentBatch}/{p.TotalBatches}, " +
        $"success {p.Counts.Success}, skipped {p.Counts.Skipped}, failed {p.Counts.Failed}, " +
        $"duplicates {p.Counts.Duplicates}, {p.SpeedPerMinute}/min, eta {(p.EtaSeconds is { } e ? e + "s" : "?")}";
}
