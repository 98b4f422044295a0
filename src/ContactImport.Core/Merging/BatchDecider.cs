using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;

namespace ContactImport.Core.Merging;

/// <summary>
/// Step 2 of "one batch, three steps": given the batch's rows and the existing contacts that match any of
/// their keys, decides per row. Pure and store-agnostic, so both stores share the exact merge semantics.
/// Rows earlier in the batch count exactly like contacts already in the database.
/// </summary>
public static class BatchDecider
{
    public static BatchPlan Decide(
        IReadOnlyList<PreparedRow> rows, IReadOnlyList<StoredContact> existing, DuplicateStrategy strategy)
    {
        var plan = new BatchPlan();
        var index = new KeyIndex();
        // A contact found by several keys (or look-ups) may come more than once.
        foreach (var contact in existing.DistinctBy(c => c.Id).OrderBy(c => c.Id))
        {
            // Entries' values are replaced, never changed in place (see DecideRow), so neither the before-image
            // nor a row's own values need a copy: they stay intact for a retry of the batch.
            index.Add(new Entry(contact, contact.Values));
        }

        var counts = default(ImportCounts);
        foreach (var row in rows)
        {
            var outcome = DecideRow(row, index, strategy, plan);
            counts = counts.With(outcome);
            if (row.Warnings.Count > 0 && outcome != RowOutcome.Skipped)
            {
                // A failed row's warnings are reported beside its error (a skipped row's values were not used), but
                // only rows that imported count.
                plan.Warnings.AddRange(row.Warnings.Select(w => new FailedRow(w, row.Raw)));
                if (outcome != RowOutcome.Failed)
                {
                    counts = counts with { Warnings = counts.Warnings + 1 };
                }
            }
        }

        // Each changed contact is written once, with its final values and its original before-image.
        foreach (var entry in index.Changed)
        {
            if (entry.Stored is null)
            {
                plan.Inserts.Add(entry.Current);
            }
            else
            {
                plan.Updates.Add(new ContactUpdate(entry.Stored, entry.Current));
            }
        }

        plan.Counts = counts;
        return plan;
    }

    private static RowOutcome DecideRow(PreparedRow row, KeyIndex index, DuplicateStrategy strategy, BatchPlan plan)
    {
        if (row.Values is not { } values)
        {
            return Fail(plan, row, row.Error ?? new RowError(row.Row, row.Line, null, null, "invalid row"));
        }

        var match = index.Match(values);
        if (match is null)
        {
            // The mapper fails import rows without a key; a row made by other means may still come without one.
            if (values.Email is null && values.PhoneKey is null && values.ExternalId is null)
            {
                return Fail(plan, row, new RowError(row.Row, row.Line, null, null, "row has no e-mail, phone or external id"));
            }

            index.Add(new Entry(null, values) { Changed = true });
            return RowOutcome.Inserted;
        }

        if (strategy == DuplicateStrategy.Skip)
        {
            return RowOutcome.Skipped;
        }

        var candidate = match.Current.Clone();
        if (strategy == DuplicateStrategy.Update)
        {
            ContactMergeRules.ApplyUpdate(candidate, values);
        }
        else
        {
            ContactMergeRules.ApplyMerge(candidate, values);
        }

        if (index.OwnedByOther(candidate.Email, match, byEmail: true))
        {
            return Fail(plan, row, new RowError(
                row.Row, row.Line, "email", values.Email, "e-mail belongs to another contact"));
        }

        if (index.OwnedByOther(candidate.ExternalId, match, byEmail: false))
        {
            return Fail(plan, row, new RowError(
                row.Row, row.Line, "external_id", values.ExternalId, "external_id belongs to another contact"));
        }

        if (candidate.ContentEquals(match.Current))
        {
            return RowOutcome.Unchanged;
        }

        index.Replace(match, candidate);
        return strategy == DuplicateStrategy.Update ? RowOutcome.Updated : RowOutcome.Merged;
    }

    private static RowOutcome Fail(BatchPlan plan, PreparedRow row, RowError error)
    {
        plan.Failures.Add(new FailedRow(error, row.Raw));
        return RowOutcome.Failed;
    }

    private sealed class Entry(StoredContact? stored, ContactValues current)
    {
        public StoredContact? Stored { get; } = stored;

        public ContactValues Current { get; set; } = current;

        public bool Changed { get; set; }

        /// <summary>Age rank: existing contacts by id, then contacts inserted in this batch in row order.</summary>
        public long Order { get; set; }
    }

    /// <summary>Keys → contact, for existing contacts and those inserted earlier in the batch.</summary>
    private sealed class KeyIndex
    {
        private readonly Dictionary<string, Entry> _byExternalId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Entry> _byEmail = new(StringComparer.Ordinal);

        // Several contacts may share a phone: all owners are kept, oldest first (existing ones by id, then those
        // inserted in this batch in row order), so the oldest current owner matches — also after a contact of
        // this batch gave the phone up or took it, exactly as if the earlier rows were already in the database.
        private readonly Dictionary<string, List<Entry>> _byPhone = new(StringComparer.Ordinal);
        private long _nextOrder;

        // Keys a contact gave up earlier in this batch stay reserved, so another contact cannot take them
        // in the same batch: the store writes updates in one statement and must never see two owners.
        private readonly Dictionary<string, Entry> _releasedEmails = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Entry> _releasedExternalIds = new(StringComparer.Ordinal);
        private readonly List<Entry> _changed = [];

        public IEnumerable<Entry> Changed => _changed;

        public void Add(Entry entry)
        {
            entry.Order = _nextOrder++;
            Index(entry, entry.Current);
            if (entry.Changed)
            {
                _changed.Add(entry);
            }
        }

        public Entry? Match(ContactValues values)
        {
            if (values.ExternalId is { } ext && _byExternalId.TryGetValue(ext, out var byExt))
            {
                return byExt;
            }

            if (values.Email is { } email && _byEmail.TryGetValue(email, out var byEmail))
            {
                return byEmail;
            }

            return values.PhoneKey is { } phone && _byPhone.TryGetValue(phone, out var owners) && owners.Count > 0
                ? owners[0]
                : null;
        }

        public bool OwnedByOther(string? key, Entry self, bool byEmail)
        {
            if (key is null)
            {
                return false;
            }

            var (owners, released) = byEmail ? (_byEmail, _releasedEmails) : (_byExternalId, _releasedExternalIds);
            return (owners.TryGetValue(key, out var owner) && owner != self)
                || (released.TryGetValue(key, out var previous) && previous != self);
        }

        public void Replace(Entry entry, ContactValues updated)
        {
            var old = entry.Current;
            Release(_byEmail, _releasedEmails, old.Email, updated.Email, entry);
            Release(_byExternalId, _releasedExternalIds, old.ExternalId, updated.ExternalId, entry);
            if (old.PhoneKey is { } oldPhone && oldPhone != updated.PhoneKey
                && _byPhone.TryGetValue(oldPhone, out var previousOwners))
            {
                previousOwners.Remove(entry);
            }

            entry.Current = updated;
            Index(entry, updated);
            if (!entry.Changed)
            {
                entry.Changed = true;
                _changed.Add(entry);
            }
        }

        private static void Release(
            Dictionary<string, Entry> owners, Dictionary<string, Entry> released, string? oldKey, string? newKey,
            Entry entry)
        {
            if (oldKey is not null && oldKey != newKey)
            {
                owners.Remove(oldKey);
                released[oldKey] = entry;
            }
        }

        private void Index(Entry entry, ContactValues values)
        {
            if (values.ExternalId is { } ext)
            {
                _byExternalId[ext] = entry;
            }

            if (values.Email is { } email)
            {
                _byEmail[email] = entry;
            }

            if (values.PhoneKey is { } phone)
            {
                if (!_byPhone.TryGetValue(phone, out var owners))
                {
                    owners = [];
                    _byPhone[phone] = owners;
                }

                if (!owners.Contains(entry))
                {
                    var at = owners.FindIndex(o => o.Order > entry.Order);
                    owners.Insert(at < 0 ? owners.Count : at, entry);
                }
            }
        }
    }
}
