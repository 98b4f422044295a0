using System.Text.Json;
using System.Text.Json.Serialization;
using ContactImport.Core.Bulk;

namespace ContactImport.Bulk;

/// <summary>The bulk API's JSON shapes (the envelope every bulk endpoint answers with), shared by the CLI's output.</summary>
public static class BulkJson
{
    /// <param name="Code">One of <c>validation_failed, duplicate_in_request, already_exists, not_found, version_conflict,
    /// ambiguous_match, limit_exceeded, rolled_back</c>.</param>
    /// <param name="ExistingId">The contact that holds the key (or the one addressed).</param>
    public sealed record ItemError(string Code, string Message, string? Field, long? ExistingId, int? CurrentVersion);

    /// <param name="Index">The item's 0-based position in the request.</param>
    /// <param name="Status">One of <c>inserted, updated, merged, unchanged, skipped, deleted, failed, rolled_back</c>.</param>
    public sealed record Item(int Index, string? Ref, string Status, long? Id, int? Version, ItemError? Error);

    /// <summary>Counts per item status; they sum to <c>total</c>.</summary>
    public sealed record Summary(int Total, int Inserted, int Updated, int Merged, int Unchanged, int Skipped, int Deleted,
        int Failed, int RolledBack);

    /// <summary>The envelope: the summary and every item in input order.</summary>
    public sealed record Response(Summary Summary, IReadOnlyList<Item> Items, bool DryRun);

    /// <summary>The request body, as the OpenAPI document shows it (the endpoints read it themselves, to report
    /// each item's problem precisely).</summary>
    /// <param name="Items">Up to 1,000 objects: <c>ref</c>, <c>id</c>, <c>expected_version</c> and contact fields by their
    /// wire names (<c>GET /api/fields</c>); <c>null</c> clears a field, <c>tags</c> adds.</param>
    /// <param name="Mode"><c>partial</c> (default) or <c>atomic</c>.</param>
    /// <param name="MatchOn">Upsert/update: the keys that match, in order (default <c>external_id, email, phone</c>).</param>
    /// <param name="OnMatch">Upsert: <c>update</c> (default), <c>merge</c> or <c>skip</c>.</param>
    /// <param name="Strict">Validation (default true).</param>
    /// <param name="DefaultCountry">Country for phone numbers without one (default US).</param>
    public sealed record Request(
        IReadOnlyList<Dictionary<string, JsonElement>> Items, string? Mode, bool? DryRun, IReadOnlyList<string>? MatchOn,
        string? OnMatch, bool? Strict, string? DefaultCountry);

    /// <summary>A <c>bulk/tags</c> entry: <c>contact</c> is an id or <c>{id|external_id|email}</c>.</summary>
    public sealed record TagEntry(string? Ref, JsonElement Contact, IReadOnlyList<string> Tags, int? ExpectedVersion);

    /// <summary>The <c>bulk/tags</c> body: entries to add and to remove, numbered add first.</summary>
    public sealed record TagRequest(IReadOnlyList<TagEntry>? Add, IReadOnlyList<TagEntry>? Remove, string? Mode, bool? DryRun);

    public static Response From(IReadOnlyList<BulkItemResult> results, bool dryRun)
    {
        var s = BulkSummary.Of(results);
        return new Response(
            new Summary(s.Total, s.Inserted, s.Updated, s.Merged, s.Unchanged, s.Skipped, s.Deleted, s.Failed, s.RolledBack),
            [.. results.Select(ToItem)], dryRun);
    }

    public static Item ToItem(BulkItemResult r) => new(r.Index, r.Ref, BulkNames.Of(r.Status), r.Id, r.Version,
        r.Error is { } e ? new ItemError(BulkNames.Of(e.Code), e.Message, e.Field, e.ExistingId, e.CurrentVersion) : null);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BulkJson.Response))]
[JsonSerializable(typeof(BulkJson.Request))]
[JsonSerializable(typeof(BulkJson.Item))]
[JsonSerializable(typeof(BulkJson.TagRequest))]
[JsonSerializable(typeof(BulkJson.Summary))]
public sealed partial class BulkJsonContext : JsonSerializerContext;
