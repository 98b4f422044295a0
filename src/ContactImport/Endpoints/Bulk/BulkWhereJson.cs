using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactImport.Endpoints.Bulk;

/// <summary>The request and response shapes of update-where, change sets and bulk jobs (snake_case on the wire).</summary>
public static class BulkWhereJson
{
    /// <summary><c>POST /api/contacts/bulk/update-where</c>. <c>where</c> and <c>set</c> are read by name, so an unknown
    /// filter or field is refused by name instead of being silently dropped.</summary>
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record UpdateWhereBody(
        Dictionary<string, JsonElement>? Where, Dictionary<string, JsonElement>? Set, long? ExpectedCount,
        long? MaxAffected, bool DryRun);

    /// <summary>The bulk envelope without items: what matched, what changed, and the change set that undoes it.</summary>
    public sealed record UpdateWhereSummary(long Matched, long Updated, long Unchanged, Guid? ChangeSetId);

    public sealed record UpdateWhereResponse(UpdateWhereSummary Summary, bool DryRun, ChangeSetLinks? Links);

    public sealed record ChangeSetLinks(string Self, string Undo);

    /// <summary>A change set; after an undo, how many contacts it restored and which it left alone (changed or deleted
    /// since; the first 1,000 by id).</summary>
    public sealed record ChangeSetView(
        Guid ChangeSetId, string Status, JsonElement Request, long Matched, long Updated, long Restored, long Conflicts,
        IReadOnlyList<long> ConflictIds, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? UndoneAt,
        ChangeSetLinks Links);

    /// <summary>A bulk job: the import it runs as (<c>job_id</c> = <c>import_id</c>), its status and counts.</summary>
    public sealed record BulkJobView(
        Guid JobId, Guid ImportId, string Status, long Total, long Inserted, long Updated, long Merged, long Unchanged,
        long Skipped, long Failed, string? Error, BulkJobLinks Links);

    /// <summary>Where to follow the job: its results, and the import's details, events (SSE), error report, rollback.</summary>
    public sealed record BulkJobLinks(string Self, string Results, string Import, string Events, string Errors, string Rollback);

    /// <summary>One line of <c>…/results</c>: a failed input line, or (last) the summary.</summary>
    public sealed record BulkJobResultLine(long? Index, string? Status, long? Id, BulkJobLineError? Error, BulkJobView? Summary);

    public sealed record BulkJobLineError(string Code, string Message, string? Field, string? Value);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BulkWhereJson.UpdateWhereBody))]
[JsonSerializable(typeof(BulkWhereJson.UpdateWhereResponse))]
[JsonSerializable(typeof(BulkWhereJson.ChangeSetView))]
[JsonSerializable(typeof(BulkWhereJson.BulkJobView))]
[JsonSerializable(typeof(BulkWhereJson.BulkJobResultLine))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class BulkWhereJsonContext : JsonSerializerContext;
