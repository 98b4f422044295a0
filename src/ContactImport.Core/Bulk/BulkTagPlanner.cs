using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Normalization;

namespace ContactImport.Core.Bulk;

/// <summary>How a <c>bulk/tags</c> entry names its contact: by id, external_id or e-mail.</summary>
public sealed record ContactRef(long? Id, string? ExternalId, string? Email);

/// <summary>One entry of <c>POST /api/contacts/bulk/tags</c>: tags to add to (or remove from) one contact.</summary>
public sealed record TagEntry(int Index, string? Ref, bool Remove, ContactRef? Contact, IReadOnlyList<string> Tags,
    int? ExpectedVersion, BulkError? Error);

/// <summary>
/// The contact↔tag connections: the only bulk operation that removes tags. Entries apply in order (several may touch
/// one contact); tags compare case-insensitively per company, as everywhere. Pure: the caller looked the contacts up
/// under the company's lock and writes <see cref="BatchPlan.Updates"/> through the import's batch path.
/// </summary>
public static class BulkTagPlanner
{
    public static BatchKeys Keys(IReadOnlyList<TagEntry> entries, IReadOnlyList<StoredContact> byId) => new(
        [.. entries.Select(e => e.Contact?.ExternalId).OfType<string>().Concat(byId.Select(c => c.Values.ExternalId).OfType<string>()).Distinct()],
        [.. entries.Select(e => e.Contact?.Email).OfType<string>().Concat(byId.Select(c => c.Values.Email).OfType<string>()).Distinct()],
        [.. byId.Select(c => c.Values.PhoneKey).OfType<string>().Distinct()]);

    public static (BulkItemResult[] Results, BatchPlan Write) Plan(BulkMode mode, IReadOnlyList<TagEntry> entries,
        IReadOnlyList<StoredContact> existing)
    {
        var contacts = existing.DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        var working = new Dictionary<long, ContactValues>();
        var results = new BulkItemResult[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var contact = Find(entry.Contact, contacts.Values);
            var error = entry.Error
                ?? (contact is null ? new BulkError(BulkErrorCode.NotFound, "no contact matches", "contact") : null)
                ?? (entry.ExpectedVersion is { } v && v != contact!.Version
                    ? new BulkError(BulkErrorCode.VersionConflict, $"contact {contact.Id} is at version {contact.Version}, not {v}",
                        "expected_version", contact.Id, contact.Version)
                    : null);
            if (error is not null)
            {
                results[i] = new BulkItemResult(entry.Index, entry.Ref, BulkItemStatus.Failed, null, null, error);
                continue;
            }

            var values = working.TryGetValue(contact!.Id, out var current) ? current : contact.Values;
            var next = values.Clone();
            if (entry.Remove)
            {
                next.Tags.RemoveAll(t => entry.Tags.Contains(t, StringComparer.OrdinalIgnoreCase));
            }
            else
            {
                next.Tags.AddRange(entry.Tags.Where(t => !next.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
            }

            if (next.Tags.Count > FieldLimits.TagCount)
            {
                results[i] = new BulkItemResult(entry.Index, entry.Ref, BulkItemStatus.Failed, null, null, new BulkError(
                    BulkErrorCode.LimitExceeded, $"contact {contact.Id} would have {next.Tags.Count} tags, the limit is {FieldLimits.TagCount}",
                    "tags", contact.Id));
                continue;
            }

            var changed = !next.ContentEquals(values);
            if (changed)
            {
                working[contact.Id] = next;
            }

            results[i] = new BulkItemResult(entry.Index, entry.Ref, changed ? BulkItemStatus.Updated : BulkItemStatus.Unchanged,
                contact.Id, contact.Version, null);
        }

        // Versions: a contact changed by the call moves up by one, whichever entries changed it.
        results = [.. results.Select(r => r.Id is { } id && working.ContainsKey(id) && r.Status != BulkItemStatus.Failed
            ? r with { Version = contacts[id].Version + 1 }
            : r)];
        var write = new BatchPlan();
        if (mode == BulkMode.Atomic && results.Any(r => r.Status == BulkItemStatus.Failed))
        {
            return (BulkPlanner.RollBack(results), write);
        }

        foreach (var (id, values) in working)
        {
            write.Updates.Add(new ContactUpdate(contacts[id], values));
        }

        write.Counts = new ImportCounts(0, write.Updates.Count, 0, 0, 0, 0);
        return (results, write);
    }

    private static StoredContact? Find(ContactRef? reference, IEnumerable<StoredContact> contacts) => reference switch
    {
        null => null,
        { Id: { } id } => contacts.FirstOrDefault(c => c.Id == id),
        { ExternalId: { } ext } => contacts.FirstOrDefault(c => c.Values.ExternalId == ext),
        { Email: { } email } => contacts.FirstOrDefault(c => c.Values.Email == email),
        _ => null,
    };
}
