using System.Text.Json.Serialization;

namespace ContactImport.Sync;

/// <summary>The sync API's shapes (DESIGN.md, "Contact sync for mobile apps"): snake_case, every field always written.</summary>
public static class SyncJson
{
    /// <summary><c>GET /api/contacts/sync/params</c>: how a client computes <c>h</c>.</summary>
    public sealed record Params(string Algorithm, string Input, int SaltId, string Salt, int MaxPerRequest);

    /// <summary>One number with its favourite flag: <c>phone</c> (E.164 or national) or <c>hash</c> (<c>h</c>).</summary>
    public sealed record Item(string? Phone, string? Hash, bool IsFavorite);

    public sealed record SyncBody(
        string? Mode, IReadOnlyList<string>? PhoneNumbers, IReadOnlyList<string>? PhoneHashes, IReadOnlyList<Item>? Items,
        IReadOnlyList<string>? Removed, string? SyncToken, Guid? Session, bool? Final, int? SaltId,
        int? DeviceContactsCount, int? BatchSize, string? DefaultCountry);

    public sealed record Match(string Hash, long UserId, string DisplayName);

    public sealed record Estimate(int EstimatedBatchSize, int EstimatedBatches, double EstimatedTimeSeconds, double EstimatedMemoryMb);

    public sealed record Quota(long Remaining, DateTimeOffset ResetsAt);

    public sealed record SyncResponse(
        long TotalProcessed, long ContactsInserted, long ContactsUpdated, long ContactsRemoved, long ContactsUnchanged,
        long Invalid, long MatchedContacts, IReadOnlyList<Match> Matches, string? SyncToken, Guid? Session,
        long ProcessingTimeMs, int BatchSize, bool SyncCompleted, Estimate PerformanceEstimate, Quota Quota);

    public sealed record EstimateBody(int ContactCount, int? BatchSize);

    /// <summary>The estimate, and the throughput it is based on (<c>source</c>: this server's recent syncs, the
    /// company's stored aggregates, or none yet).</summary>
    public sealed record EstimateResponse(
        int EstimatedBatchSize, int EstimatedBatches, double EstimatedTimeSeconds, double EstimatedMemoryMb,
        double NumbersPerSecond, string Source);

    public sealed record Day(
        string Date, long Syncs, long Requests, long NumbersReceived, long Added, long Removed, long Matched, double P50Ms, double P95Ms);

    public sealed record Statistics(int Days, IReadOnlyList<Day> PerDay);

    public sealed record BulkUser(long UserId, IReadOnlyList<string>? PhoneNumbers, IReadOnlyList<string>? PhoneHashes, IReadOnlyList<Item>? Items);

    public sealed record BulkBody(IReadOnlyList<BulkUser>? Users, int? SaltId, string? DefaultCountry);

    public sealed record BulkResponse(int Users, long TotalProcessed, long ContactsInserted, long ContactsUnchanged, long Invalid, long ProcessingTimeMs);

    public sealed record RotateBody(double? OverlapHours);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SyncJson.Params))]
[JsonSerializable(typeof(SyncJson.SyncBody))]
[JsonSerializable(typeof(SyncJson.SyncResponse))]
[JsonSerializable(typeof(SyncJson.EstimateBody))]
[JsonSerializable(typeof(SyncJson.EstimateResponse))]
[JsonSerializable(typeof(SyncJson.Statistics))]
[JsonSerializable(typeof(SyncJson.BulkBody))]
[JsonSerializable(typeof(SyncJson.BulkResponse))]
[JsonSerializable(typeof(SyncJson.RotateBody))]
public sealed partial class SyncJsonContext : JsonSerializerContext;
