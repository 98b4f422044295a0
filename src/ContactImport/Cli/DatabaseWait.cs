using System.Globalization;
using ContactImport.Core.Pipeline;
using ContactImport.Storage;

namespace ContactImport.Cli;

/// <summary><c>--db-wait</c>: how the CLI waits out a database outage, saying so on stderr.</summary>
internal static class DatabaseWait
{
    public static StoreResilience Policy(Store store, TextWriter err, TimeSpan maxWait) =>
        new(store.Batches.Classify, new StoreResilienceOptions
        {
            MaxWait = maxWait,
            MaxDelay = TimeSpan.FromSeconds(Math.Clamp(maxWait.TotalSeconds / 4, 0.5, 10)),
            OnWait = notice =>
            {
                // The quick retries of a dropped connection are not an outage worth a line.
                if (notice.Attempt > 3)
                {
                    err.WriteLine(
                        $"database unavailable, retrying in {Format(notice.Delay)} (waited {Format(notice.Waited)} of " +
                        $"{Format(maxWait)}; Ctrl+C cancels): {notice.Failure.Message}");
                }
            },
        });

    /// <summary>
    /// Opens the database for a verb. <c>serve</c> and <c>worker</c> wait for it as long as it takes, saying so (a
    /// supervisor may start them before the database, or during an outage); other verbs fail at once.
    /// </summary>
    public static Task MigrateAsync(Store store, System.CommandLine.ParseResult parse, TextWriter err, CancellationToken ct)
    {
        if (parse.CommandResult.Command.Name is not ("serve" or "worker"))
        {
            return store.MigrateAsync(ct);
        }

        var policy = new StoreResilience(store.Batches.Classify, new StoreResilienceOptions
        {
            OnWait = notice => err.WriteLine(
                $"database unavailable at start-up, retrying in {Format(notice.Delay)} (waited {Format(notice.Waited)}; " +
                $"Ctrl+C stops): {notice.Failure.Message}"),
        });
        return policy.ExecuteAsync(c => store.MigrateAsync(c), ct);
    }

    /// <summary><c>90</c> (seconds), <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
    public static TimeSpan Parse(string text)
    {
        text = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                return TimeSpan.FromSeconds(n * scale);
            }
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new CliException($"--db-wait expects a duration such as 30s, 5m or 1h (got '{text}')");
    }

    public static string Format(TimeSpan span) => span.TotalSeconds < 60
        ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s"
        : span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + "m";
}
