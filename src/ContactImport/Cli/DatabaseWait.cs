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
