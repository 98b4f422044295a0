using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;

namespace ContactImport.Core.Merging;

/// <summary>What happens to a row that matches an existing contact (or an earlier row).</summary>
public enum DuplicateStrategy
{
    Skip,
    Update,
    Merge,
}

/// <summary>How each row ends; every row ends as exactly one of these.</summary>
public enum RowOutcome
{
    Inserted,
    Updated,
    Merged,
    Unchanged,
    Skipped,
    Failed,
}

/// <summary>The match keys of one batch, passed to the store's single look-up query as arrays.</summary>
public sealed record BatchKeys(string[] ExternalIds, string[] Emails, string[] PhoneKeys)
{
    public bool IsEmpty => ExternalIds.Length == 0 && Emails.Length == 0 && PhoneKeys.Length == 0;

    public static BatchKeys From(IEnumerable<PreparedRow> rows)
    {
        // Sized up front: growing a batch's key sets allocates about as much again in discarded tables. External
        // ids grow on demand: most files have none.
        var size = rows.TryGetNonEnumeratedCount(out var count) ? count : 0;
        var ext = new HashSet<string>(0, StringComparer.Ordinal);
        var emails = new HashSet<string>(size, StringComparer.Ordinal);
        var phones = new HashSet<string>(size, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Values is not { } v)
            {
                continue;
            }

            AddKey(ext, v.ExternalId);
            AddKey(emails, v.Email);
            AddKey(phones, v.PhoneKey);
        }

        return new BatchKeys([.. ext], [.. emails], [.. phones]);
    }

    /// <summary>The keys <paramref name="mayExist"/> does not prove absent from the store.</summary>
    public BatchKeys Where(Func<KeyKind, string, bool> mayExist) => new(
        [.. ExternalIds.Where(k => mayExist(KeyKind.ExternalId, k))],
        [.. Emails.Where(k => mayExist(KeyKind.Email, k))],
        [.. PhoneKeys.Where(k => mayExist(KeyKind.Phone, k))]);

    /// <summary>
    /// The phone keys still worth looking up once the external ids and e-mails were: those of rows that neither
    /// key matched. Matching goes external_id, then e-mail, then phone, and only a row's own match (and the
    /// owners of the e-mail and external_id it would take, found by those keys) decide its outcome, so a phone
    /// behind a matched key can change nothing. Re-importing a file then costs one index probe per row, not two.
    /// </summary>
    public string[] PhonesOfUnmatchedRows(IEnumerable<PreparedRow> rows, IReadOnlyList<StoredContact> found)
    {
        if (PhoneKeys.Length == 0)
        {
            return [];
        }

        var foundExternalIds = new HashSet<string>(StringComparer.Ordinal);
        var foundEmails = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contact in found)
        {
            AddKey(foundExternalIds, contact.Values.ExternalId);
            AddKey(foundEmails, contact.Values.Email);
        }

        var candidates = new HashSet<string>(PhoneKeys, StringComparer.Ordinal);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Values is { PhoneKey: { } phone } v && candidates.Contains(phone)
                && !(v.ExternalId is { } e && foundExternalIds.Contains(e))
                && !(v.Email is { } m && foundEmails.Contains(m)))
            {
                phones.Add(phone);
            }
        }

        return [.. phones];
    }

    private static void AddKey(HashSet<string> keys, string? key)
    {
        if (key is not null)
        {
            keys.Add(key);
        }
    }
}

/// <summary>The three match keys of a contact.</summary>
public enum KeyKind
{
    ExternalId,
    Email,
    Phone,
}

/// <summary>A finding of a row (an error that failed it, or a warning, by <see cref="RowError.Level"/>) with the row's
/// original fields, for the error report and retry.</summary>
public sealed record FailedRow(RowError Error, string[] Raw);

/// <summary>An existing contact whose values the batch changes; <see cref="Before"/> is its before-image.</summary>
public sealed record ContactUpdate(StoredContact Before, ContactValues After);

/// <summary>Row outcome counts. <c>total = inserted + updated + merged + unchanged + skipped + failed</c>.</summary>
/// <param name="Warnings">Rows that ended inserted, updated, merged or unchanged with at least one warning; not part
/// of the sum.</param>
public readonly record struct ImportCounts(
    long Inserted, long Updated, long Merged, long Unchanged, long Skipped, long Failed, long Warnings = 0)
{
    public long Duplicates => Updated + Merged + Unchanged + Skipped;

    public long Success => Inserted + Updated + Merged + Unchanged;

    public long Processed => Success + Skipped + Failed;

    public static ImportCounts operator +(ImportCounts a, ImportCounts b) => new(
        a.Inserted + b.Inserted, a.Updated + b.Updated, a.Merged + b.Merged,
        a.Unchanged + b.Unchanged, a.Skipped + b.Skipped, a.Failed + b.Failed, a.Warnings + b.Warnings);

    public ImportCounts With(RowOutcome outcome) => outcome switch
    {
        RowOutcome.Inserted => this with { Inserted = Inserted + 1 },
        RowOutcome.Updated => this with { Updated = Updated + 1 },
        RowOutcome.Merged => this with { Merged = Merged + 1 },
        RowOutcome.Unchanged => this with { Unchanged = Unchanged + 1 },
        RowOutcome.Skipped => this with { Skipped = Skipped + 1 },
        RowOutcome.Failed => this with { Failed = Failed + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}

/// <summary>The decisions for one batch: what the store writes, and how each row ended.</summary>
public sealed class BatchPlan
{
    public List<ContactValues> Inserts { get; } = [];

    public List<ContactUpdate> Updates { get; } = [];

    public List<FailedRow> Failures { get; } = [];

    /// <summary>Warnings of the batch's rows (<see cref="FindingLevel.Warning"/>), stored beside the failures.</summary>
    public List<FailedRow> Warnings { get; } = [];

    public ImportCounts Counts { get; set; }

    /// <summary>Each row's decision, in row order, when <see cref="DecideOptions.RecordDecisions"/> asked for them.</summary>
    public IReadOnlyList<RowDecision>? Decisions { get; set; }
}
