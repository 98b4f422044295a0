using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>A progress snapshot with the field names the CLI, the API and SSE share.</summary>
public sealed record ImportProgress(
    long Total, ImportCounts Counts, int CurrentBatch, int TotalBatches, TimeSpan Elapsed, long RowsThisRun)
{
    public long Processed => Counts.Processed;

    /// <summary>Percent of rows processed, 0–100 with one decimal.</summary>
    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Processed / Total, 1);

    /// <summary>Rows per minute over this run (a resumed import counts only what it did itself).</summary>
    public long SpeedPerMinute => Elapsed.TotalSeconds < 0.001 ? 0 : (long)(RowsThisRun / Elapsed.TotalMinutes);

    public long? EtaSeconds
    {
        get
        {
            if (RowsThisRun == 0 || Elapsed.TotalSeconds < 0.001)
            {
                return null;
            }

            var remaining = Math.Max(0, Total - Processed);
            return (long)Math.Ceiling(remaining / (RowsThisRun / Elapsed.TotalSeconds));
        }
    }

    public static int BatchesFor(long rows, int batchSize) => (int)((rows + batchSize - 1) / batchSize);
}

/// <summary>Holds the latest snapshot; written by the pipeline after every batch, read by renderers.</summary>
public sealed class ProgressTracker
{
    private ImportProgress? _latest;

    public ImportProgress? Latest => Volatile.Read(ref _latest);

    public event Action<ImportProgress>? Changed;

    public void Report(ImportProgress progress)
    {
        Volatile.Write(ref _latest, progress);
        Changed?.Invoke(progress);
    }
}
