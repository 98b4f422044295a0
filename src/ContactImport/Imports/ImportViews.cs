using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;

namespace ContactImport.Imports;

/// <summary>
/// What the import status state machine allows next. Sent with every import JSON so that clients hold no copy of
/// the server's rules.
/// </summary>
/// <param name="IsFinal">Nothing will change any more without a user's action.</param>
public readonly record struct ImportActions(bool CanRollback, bool CanRetry, bool CanCancel, bool IsFinal)
{
    /// <param name="jobActive">A job still holds the import (a failed run its job retries): not final, and neither
    /// rollback nor retry is accepted until the job lets go.</param>
    public static ImportActions For(ImportRecord r, bool jobActive = false)
    {
        var settled = !jobActive;
        return new ImportActions(
            settled && r.Status.CanRollBack(),
            settled && r.Status.CanRetry() && r.Counts.Failed > 0,
            r.Status.CanCancel(),
            settled && r.Status.IsFinal());
    }
}

/// <summary>An import's line in the history (<c>GET /api/imports</c>, CLI <c>history --json</c>); its details extend it.</summary>
public record ImportListItem
{
    public ImportListItem()
    {
    }

    [SetsRequiredMembers]
    protected ImportListItem(ImportRecord r, ImportActions actions)
    {
        ImportId = r.Id;
        FileName = r.FileName;
        Status = r.Status.ToWire();
        Total = r.Total;
        Inserted = r.Counts.Inserted;
        Updated = r.Counts.Updated;
        Merged = r.Counts.Merged;
        Unchanged = r.Counts.Unchanged;
        Skipped = r.Counts.Skipped;
        Failed = r.Counts.Failed;
        Duplicates = r.Counts.Duplicates;
        Warnings = r.Counts.Warnings;
        CreatedAt = r.CreatedAt;
        DurationMs = r.DurationMs;
        CanRollback = actions.CanRollback;
        CanRetry = actions.CanRetry;
        CanCancel = actions.CanCancel;
        IsFinal = actions.IsFinal;
    }

    [JsonPropertyName("import_id")]
    public required Guid ImportId { get; init; }

    public required string FileName { get; init; }
    public required string Status { get; init; }
    public long Total { get; init; }
    public long Inserted { get; init; }
    public long Updated { get; init; }
    public long Merged { get; init; }
    public long Unchanged { get; init; }
    public long Skipped { get; init; }
    public long Failed { get; init; }
    public long Duplicates { get; init; }

    /// <summary>Rows that imported with at least one warning (not part of the sum).</summary>
    public long Warnings { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? DurationMs { get; init; }

    public bool CanRollback { get; init; }
    public bool CanRetry { get; init; }
    public bool CanCancel { get; init; }
    public bool IsFinal { get; init; }

    public static ImportListItem From(ImportRecord r) => new(r, ImportActions.For(r));
}

/// <summary>The options an import ran (or will run) with, as stored on it.</summary>
public sealed record ImportOptionsJson(string DuplicateStrategy, bool SkipErrors, int BatchSize, bool DryRun,
    string DefaultCountry)
{
    public bool Strict { get; init; }
    public bool ClearEmpty { get; init; }

    public static ImportOptionsJson From(ImportOptions o) => new(
        o.DuplicateStrategy.ToString().ToLowerInvariant(), o.SkipErrors, o.BatchSize, o.DryRun, o.DefaultCountry)
    {
        Strict = o.Strict,
        ClearEmpty = o.ClearEmpty,
    };
}

/// <summary>
/// An import's details (<c>GET /api/imports/{id}</c>, CLI <c>show --json</c>): the history line's fields and more.
/// <see cref="Mapping"/> is the mapping the run uses (header → field), stored before the run starts.
/// </summary>
public sealed record ImportDetails : ImportListItem
{
    public ImportDetails()
    {
    }

    [SetsRequiredMembers]
    public ImportDetails(ImportRecord r, ImportActions actions)
        : base(r, actions)
    {
        Format = r.Format;
        Batches = [];
        FileWarnings = r.FileWarnings is null ? [] : ImportJson.Deserialize<string[]>(r.FileWarnings) ?? [];
    }

    public long SizeBytes { get; init; }
    public required string Format { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Encoding { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Separator { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string>? Headers { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Dictionary<string, string>? Mapping { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ImportOptionsJson? Options { get; init; }

    /// <summary>Sentences about the file as a whole (a skipped preamble, a guessed encoding, mojibake).</summary>
    public IReadOnlyList<string> FileWarnings { get; init; } = [];

    public int TotalBatches { get; init; }
    public long Success { get; init; }
    public long Processed { get; init; }
    public long RowsConsumed { get; init; }
    public long ContactsRemoved { get; init; }
    public long ContactsRestored { get; init; }
    public long Conflicts { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<long>? ConflictIds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public Guid? RetryOf { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? CreatedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? StartedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? FinishedAt { get; init; }

    public required IReadOnlyList<ImportJson.BatchTime> Batches { get; init; }
}
