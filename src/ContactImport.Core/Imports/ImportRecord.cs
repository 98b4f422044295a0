using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Core.Imports;

/// <summary>One row of the import history.</summary>
public sealed record ImportRecord
{
    public required Guid Id { get; init; }
    public required long CompanyId { get; init; }
    public required string FileName { get; init; }
    public long SizeBytes { get; init; }
    public string Format { get; init; } = "csv";
    public string? Encoding { get; init; }
    public string? Separator { get; init; }

    /// <summary>Header list as JSON.</summary>
    public string? Headers { get; init; }

    /// <summary>Header → field as JSON.</summary>
    public string? Mapping { get; init; }

    /// <summary><see cref="ImportOptions"/> as JSON.</summary>
    public string? Options { get; init; }

    public ImportStatus Status { get; init; }
    public long Total { get; init; }
    public int TotalBatches { get; init; }
    public ImportCounts Counts { get; init; }
    public long RowsConsumed { get; init; }
    public int BatchesDone { get; init; }
    public long ContactsRemoved { get; init; }
    public long ContactsRestored { get; init; }
    public long Conflicts { get; init; }

    /// <summary>Ids of contacts a rollback left alone because something else changed them, as JSON.</summary>
    public string? ConflictIds { get; init; }

    public string? Error { get; init; }

    /// <summary>Sentences about the file as a whole (a skipped preamble, a guessed encoding, mojibake), as a JSON list.</summary>
    public string? FileWarnings { get; init; }

    public Guid? RetryOf { get; init; }
    public string? CreatedBy { get; init; }

    /// <summary>Where the uploaded file lives (a path every worker can read), if kept.</summary>
    public string? FilePath { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public long? DurationMs { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public ImportCheckpoint Checkpoint => new(RowsConsumed, Counts, BatchesDone);
}

/// <summary>A finding of a row as stored: row, physical line, column, value, reason, the original fields, and whether
/// it failed the row (<see cref="Mapping.FindingLevel.Error"/>) or was a warning beside a row that imported.</summary>
public sealed record ImportErrorRecord(long Row, long Line, string? Column, string? Value, string Reason, string[] Raw,
    Mapping.FindingLevel Level = Mapping.FindingLevel.Error);

/// <summary>Per-batch timing for the import details.</summary>
public sealed record BatchTiming(int Batch, int Rows, long ElapsedMs, DateTimeOffset FinishedAt);

/// <summary>What a rollback did.</summary>
/// <param name="ConflictIds">Contacts changed by something else after the import; left alone.</param>
public sealed record RollbackResult(long ContactsRemoved, long ContactsRestored, long Conflicts, IReadOnlyList<long> ConflictIds);
