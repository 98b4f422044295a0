using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using ContactImport.Storage;
using ContactImport.Workers;

namespace ContactImport.Imports;

/// <summary>
/// The JSON shapes shared by the CLI (<c>--json</c>) and the HTTP API: same names everywhere. Every shape is a
/// named type in <see cref="AppJsonContext"/> (no anonymous types): the binary is compiled ahead of time, where
/// reflection cannot discover them.
/// </summary>
public static class ImportJson
{
    /// <summary>The CLI's output, event-stream data and stored JSON: snake_case, nulls left out.</summary>
    public static JsonSerializerOptions Options { get; } = ContactJson.With(ContactJson.Options, AppJsonContext.Default);

    /// <summary>API responses: snake_case with nulls written, so a field is always there.</summary>
    public static JsonSerializerOptions Http { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = ContactJson.Options.Encoder,
        TypeInfoResolver = Options.TypeInfoResolver,
    };

    public sealed record Result(
        [property: JsonPropertyName("import_id")] Guid ImportId,
        string Status, long Total, long Inserted, long Updated, long Merged, long Unchanged, long Skipped,
        long Failed, long Duplicates, long? DurationMs, string? Error)
    {
        public bool CanRollback { get; init; }
        public bool CanRetry { get; init; }
        public bool CanCancel { get; init; }
        public bool IsFinal { get; init; }
    }

    public sealed record RollbackResultJson(
        [property: JsonPropertyName("import_id")] Guid ImportId,
        string Status, long ContactsRemoved, long ContactsRestored, long Conflicts);

    /// <summary>An import's progress: <c>GET …/status</c> and the event stream's <c>progress</c> data.</summary>
    /// <param name="Sequence">The event id: grows through a run (see <c>ImportFollow</c>).</param>
    public sealed record ProgressJson(
        double Progress, long Processed, long Total, long Success, long Failed, long Skipped, long Duplicates,
        int CurrentBatch, int TotalBatches, long? EtaSeconds, long SpeedPerMinute, string? Status = null)
    {
        public long Sequence { get; init; }
        public bool CanRollback { get; init; }
        public bool CanRetry { get; init; }
        public bool CanCancel { get; init; }
        public bool IsFinal { get; init; }
    }

    public static Result ToResult(ImportRecord r)
    {
        var actions = ImportActions.For(r);
        return new Result(
            r.Id, r.Status.ToWire(), r.Total, r.Counts.Inserted, r.Counts.Updated, r.Counts.Merged, r.Counts.Unchanged,
            r.Counts.Skipped, r.Counts.Failed, r.Counts.Duplicates, r.DurationMs, r.Error)
        {
            CanRollback = actions.CanRollback,
            CanRetry = actions.CanRetry,
            CanCancel = actions.CanCancel,
            IsFinal = actions.IsFinal,
        };
    }

    public static RollbackResultJson ToRollback(ImportRecord r) =>
        new(r.Id, r.Status.ToWire(), r.ContactsRemoved, r.ContactsRestored, r.Conflicts);

    public static ProgressJson ToProgress(ImportProgress p, string? status = null) => new(
        p.Percent, p.Processed, p.Total, p.Counts.Success, p.Counts.Failed, p.Counts.Skipped, p.Counts.Duplicates,
        p.CurrentBatch, p.TotalBatches, p.EtaSeconds, p.SpeedPerMinute, status);

    /// <summary>Progress as stored (for another process's import, or a finished one).</summary>
    public static ImportProgress FromRecord(ImportRecord r)
    {
        var elapsed = r.StartedAt is { } s ? (r.FinishedAt ?? DateTimeOffset.UtcNow) - s : TimeSpan.Zero;
        return new ImportProgress(r.Total, r.Counts, r.BatchesDone, r.TotalBatches, elapsed, r.Counts.Processed);
    }

    public static string Serialize<T>(T value) => ContactJson.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => ContactJson.Deserialize<T>(json, Options);

    /// <summary>The generated contract of <typeparamref name="T"/> under <see cref="Options"/> (request bodies).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => ContactJson.TypeInfo<T>(Options);

    /// <summary>A page of a list (history, contacts).</summary>
    public sealed record Listing<T>(IEnumerable<T> Items, int Page, int PageSize, long Total);

    /// <summary>The import history's page in the API, with the company's totals.</summary>
    public sealed record HistoryPage(IEnumerable<ImportListItem> Items, int Page, int PageSize, long Total,
        ImportSummary Summary);

    public sealed record ImportState(Guid ImportId, string Status);

    public sealed record RetryState(Guid ImportId, string Status, Guid RetryOf);

    /// <summary>The upload response: the file as read, with the sheet choice of a workbook.</summary>
    /// <param name="Format">csv, xlsx, xls, vcard or ndjson (told by content).</param>
    /// <param name="Separator">The CSV separator; null for the other formats.</param>
    /// <param name="Sheets">A workbook's sheet names in order; empty for other formats.</param>
    /// <param name="Sheet">The sheet that was read; null for other formats.</param>
    /// <param name="SkippedLines">Records before the header row that were skipped (a preamble).</param>
    /// <param name="Warnings">Sentences about the file as a whole (a skipped preamble, mojibake).</param>
    public sealed record Upload(Guid ImportId, string Status, string FileName, long SizeBytes, string Format,
        string? Encoding, string? Separator, IReadOnlyList<string> Sheets, string? Sheet, IReadOnlyList<string> Headers,
        Dictionary<string, string> SuggestedMapping, IReadOnlyList<IReadOnlyList<string>> Preview, long TotalRows,
        long SkippedLines, IReadOnlyList<string> Warnings);

    /// <summary><c>GET /api/imports/{id}/preview?sheet=</c>: the upload's file read again, e.g. another sheet.</summary>
    public sealed record SheetPreview(Guid ImportId, string Format, IReadOnlyList<string> Sheets, string? Sheet,
        IReadOnlyList<string> Headers, Dictionary<string, string> SuggestedMapping,
        IReadOnlyList<IReadOnlyList<string>> Preview, long TotalRows, long SkippedLines, IReadOnlyList<string> Warnings);

    public sealed record BatchTime(int Batch, int Rows, long ElapsedMs, DateTimeOffset FinishedAt);

    public sealed record ErrorRow(long Row, long Line, string? Column, string? Value, string Reason);

    public sealed record ErrorList(Guid ImportId, int Count, IReadOnlyList<ErrorRow> Errors);

    public sealed record ErrorFile(Guid ImportId, string File, long Count);

    public sealed record Key(long Id, string Prefix, string User, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt, bool Active, string Role)
    {
        public static Key From(ApiKeyInfo k) =>
            new(k.Id, k.Prefix, k.UserName, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.RevokedAt is null, k.Role);
    }

    public sealed record KeyList(IEnumerable<Key> Items);

    /// <summary>A new key, shown once. <paramref name="Company"/>: the CLI's company name (the API's is the caller's).</summary>
    public sealed record NewKey(string Key, long Id, string Prefix, string User, DateTimeOffset CreatedAt,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Company = null)
    {
        /// <summary><c>admin</c>, <c>member</c> or <c>sync</c>.</summary>
        public string Role { get; init; } = "admin";
    }

    public sealed record KeyRevoked(long Id, string Status);

    public sealed record TokenIssued(string AccessToken, DateTimeOffset ExpiresAt);

    public sealed record Notification(long Id, Guid? ImportId, string Kind, string Title, string Body,
        DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, bool Read)
    {
        public static Notification From(NotificationRecord n) =>
            new(n.Id, n.ImportId, n.Kind, n.Title, n.Body, n.CreatedAt, n.ReadAt, n.ReadAt is not null);
    }

    public sealed record NotificationList(IEnumerable<Notification> Items, int Unread);

    public sealed record Migrated(string Status, string Store, int SchemaVersion);

    public sealed record Failure(string Status, string Error);
}

/// <summary>
/// The contracts of the app's JSON, generated at build time: every response and request shape is a named type.
/// </summary>
[JsonSerializable(typeof(ImportJson.Result))]
[JsonSerializable(typeof(ImportJson.RollbackResultJson))]
[JsonSerializable(typeof(ImportJson.ProgressJson))]
[JsonSerializable(typeof(ImportJson.Listing<ImportListItem>))]
[JsonSerializable(typeof(ImportDetails))]
[JsonSerializable(typeof(ImportJson.Listing<ContactJsonView>))]
[JsonSerializable(typeof(ImportJson.HistoryPage))]
[JsonSerializable(typeof(ImportJson.ImportState))]
[JsonSerializable(typeof(ImportJson.RetryState))]
[JsonSerializable(typeof(ImportJson.Upload))]
[JsonSerializable(typeof(ImportJson.SheetPreview))]
[JsonSerializable(typeof(ImportJson.ErrorList))]
[JsonSerializable(typeof(ImportJson.ErrorFile))]
[JsonSerializable(typeof(ImportJson.KeyList))]
[JsonSerializable(typeof(IEnumerable<ImportJson.Key>))]
[JsonSerializable(typeof(ImportJson.NewKey))]
[JsonSerializable(typeof(ImportJson.KeyRevoked))]
[JsonSerializable(typeof(ImportJson.TokenIssued))]
[JsonSerializable(typeof(ImportJson.NotificationList))]
[JsonSerializable(typeof(ImportJson.Migrated))]
[JsonSerializable(typeof(ImportJson.Failure))]
[JsonSerializable(typeof(ContactJsonView))]
[JsonSerializable(typeof(JobPayload))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(Endpoints.KeyEndpoints.CreateKeyBody))]
[JsonSerializable(typeof(List<ImportJson.BatchTime>))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(DateTimeOffset))]
public sealed partial class AppJsonContext : JsonSerializerContext;
