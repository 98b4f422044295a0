using ContactImport.Core.Merging;

namespace ContactImport.Core.Bulk;

/// <summary>The four item operations of <c>POST /api/contacts/bulk/{op}</c>.</summary>
public enum BulkOperation
{
    Create,
    Update,
    Upsert,
    Delete,
}

/// <summary><c>partial</c>: failing items fail alone. <c>atomic</c>: one failure rolls every item back.</summary>
public enum BulkMode
{
    Partial,
    Atomic,
}

/// <summary>How one item ends; the summary counts these and sums to the item count.</summary>
public enum BulkItemStatus
{
    Inserted,
    Updated,
    Merged,
    Unchanged,
    Skipped,
    Deleted,
    Failed,
    RolledBack,
}

/// <summary>Why an item failed (or was rolled back).</summary>
public enum BulkErrorCode
{
    ValidationFailed,
    DuplicateInRequest,
    AlreadyExists,
    NotFound,
    VersionConflict,
    AmbiguousMatch,
    LimitExceeded,
    RolledBack,
}

/// <summary>The wire names (snake_case) of the bulk enums, in one place.</summary>
public static class BulkNames
{
    public static string Of(BulkItemStatus status) => status switch
    {
        BulkItemStatus.RolledBack => "rolled_back",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Of(BulkErrorCode code) => code switch
    {
        BulkErrorCode.ValidationFailed => "validation_failed",
        BulkErrorCode.DuplicateInRequest => "duplicate_in_request",
        BulkErrorCode.AlreadyExists => "already_exists",
        BulkErrorCode.NotFound => "not_found",
        BulkErrorCode.VersionConflict => "version_conflict",
        BulkErrorCode.AmbiguousMatch => "ambiguous_match",
        BulkErrorCode.LimitExceeded => "limit_exceeded",
        _ => "rolled_back",
    };

    public static string Of(BulkOperation op) => op.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out BulkOperation op) => TryParseEnum(name, out op);

    public static bool TryParse(string? name, out BulkMode mode) => TryParseEnum(name, out mode);

    public static bool TryParse(string? name, out DuplicateStrategy strategy) => TryParseEnum(name, out strategy);

    public static bool TryParse(string? name, out KeyKind key)
    {
        key = name switch
        {
            "external_id" => KeyKind.ExternalId,
            "email" => KeyKind.Email,
            "phone" => KeyKind.Phone,
            _ => (KeyKind)(-1),
        };
        return key >= 0;
    }

    public static string Of(KeyKind key) => key switch
    {
        KeyKind.ExternalId => "external_id",
        KeyKind.Email => "email",
        _ => "phone",
    };

    /// <summary>Single-word enums: the wire name is the member's name in lower case.</summary>
    private static bool TryParseEnum<T>(string? name, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString().ToLowerInvariant(), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>The limits of one bulk call.</summary>
public static class BulkLimits
{
    public const int MaxItems = 1000;

    public const int MaxBytes = 5 * 1024 * 1024;
}

/// <summary>An item's error: what, why, which field, and the contact that holds the key or its current version.</summary>
public sealed record BulkError(
    BulkErrorCode Code, string Message, string? Field = null, long? ExistingId = null, int? CurrentVersion = null);

/// <summary>One item's result, at its input index.</summary>
public sealed record BulkItemResult(int Index, string? Ref, BulkItemStatus Status, long? Id, int? Version, BulkError? Error);

/// <summary>How many items ended in each status.</summary>
public sealed record BulkSummary(int Total, int Inserted, int Updated, int Merged, int Unchanged, int Skipped, int Deleted,
    int Failed, int RolledBack)
{
    public static BulkSummary Of(IReadOnlyList<BulkItemResult> items)
    {
        var counts = new int[Enum.GetValues<BulkItemStatus>().Length];
        foreach (var item in items)
        {
            counts[(int)item.Status]++;
        }

        return new BulkSummary(items.Count, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
            counts[7]);
    }
}

/// <summary>The options of one call.</summary>
public sealed record BulkOptions(
    BulkOperation Operation,
    BulkMode Mode = BulkMode.Partial,
    bool DryRun = false,
    IReadOnlyList<KeyKind>? MatchOn = null,
    DuplicateStrategy OnMatch = DuplicateStrategy.Update,
    bool Strict = true,
    string DefaultCountry = "US")
{
    public IReadOnlyList<KeyKind> MatchOrder => MatchOn ?? DecideOptions.DefaultMatchOrder;
}
