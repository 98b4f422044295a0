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
        IReadOnlyList<PreparedRow> rows, IReadOnlyList<StoredContact> existing, DuplicateStrategy strategy,
        DecideOptions? options = null)
    {
        options ??= DecideOptions.Import;
        var plan = new BatchPlan();
        var index = new KeyIndex(options.MatchOrder);
        // A contact found by several keys (or look-ups) may come more than once.
        foreach (var contact in existing.DistinctBy(c => c.Id).OrderBy(c => c.Id))
        {
            // Entries' values are replaced, never changed in place (see DecideRow), so neither the before-image
            // nor a row's own values need a copy: they stay intact for a retry of the batch.
            index.Add(new Entry(contact, contact.Values));
        }

        var counts = default(ImportCounts);
        var decisions = options.RecordDecisions ? new List<RowDecision>(rows.Count) : null;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var decision = decisions is null ? null : new RowDecision();
            var outcome = DecideRow(row, i, index, strategy, plan, options, decision);
            counts = counts.With(outcome);
            if (decision is not null)
            {
                decision.Outcome = outcome;
                decisions!.Add(decision);
            }

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

        if (decisions is not null)
        {
            foreach (var decision in decisions)
            {
                decision.Resolve();
            }

            plan.Decisions = decisions;
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

    private static RowOutcome DecideRow(PreparedRow row, int at, KeyIndex index, DuplicateStrategy strategy, BatchPlan plan,
        DecideOptions options, RowDecision? decision)
    {
        if (row.Values is not { } values)
        {
            return Fail(plan, row, row.Error ?? new RowError(row.Row, row.Line, null, null, "invalid row"), decision,
                DecisionFailure.Invalid);
        }

        var pinned = options.Pinned?[at];
        var match = pinned is { } id ? index.ById(id) : index.Match(values);
        if (match is null && (pinned is not null || !options.InsertUnmatched))
        {
            return Fail(plan, row, new RowError(row.Row, row.Line, null, null, "no contact matches"), decision,
                DecisionFailure.NotFound);
        }

        if (decision is not null)
        {
            decision.Entry = match;
        }

        if (match is null)
        {
            // The mapper fails import rows without a key; a row made by other means may still come without one.
            if (values.Email is null && values.PhoneKey is null && values.ExternalId is null)
            {
                return Fail(plan, row, new RowError(row.Row, row.Line, null, null, "row has no e-mail, phone or external id"),
                    decision, DecisionFailure.NoKey);
            }

            var inserted = new Entry(null, values) { Changed = true };
            index.Add(inserted);
            if (decision is not null)
            {
                decision.Entry = inserted;
            }

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
            ContactMergeRules.Clear(candidate, options.Clears?[at]);
            if (candidate.Email is null && candidate.PhoneKey is null && candidate.ExternalId is null)
            {
                return Fail(plan, row, new RowError(row.Row, row.Line, null, null,
                    "a contact needs an e-mail, a phone number or an external_id"), decision, DecisionFailure.NoKey);
            }
        }
        else
        {
            ContactMergeRules.ApplyMerge(candidate, values);
        }

        if (index.OwnerOtherThan(candidate.Email, match, byEmail: true) is { } emailOwner)
        {
            return Fail(plan, row, new RowError(
                row.Row, row.Line, "email", values.Email, "e-mail belongs to another contact"), decision,
                DecisionFailure.KeyOfAnother, emailOwner.Stored?.Id);
        }

        if (index.OwnerOtherThan(candidate.ExternalId, match, byEmail: false) is { } externalOwner)
        {
            return Fail(plan, row, new RowError(
                row.Row, row.Line, "external_id", values.ExternalId, "external_id belongs to another contact"), decision,
                DecisionFailure.KeyOfAnother, externalOwner.Stored?.Id);
        }

        if (candidate.ContentEquals(match.Current))
        {
            return RowOutcome.Unchanged;
        }

        index.Replace(match, candidate);
        return strategy == DuplicateStrategy.Update ? RowOutcome.Updated : RowOutcome.Merged;
    }

    private static RowOutcome Fail(BatchPlan plan, PreparedRow row, RowError error, RowDecision? decision,
        DecisionFailure failure, long? ownerId = null)
    {
        plan.Failures.Add(new FailedRow(error, row.Raw));
        if (decision is not null)
        {
            decision.Entry = null;
            decision.Failure = failure;
            decision.Error = error;
            decision.OwnerId = ownerId;
        }

        return RowOutcome.Failed;
    }

    internal sealed class Entry(StoredContact? stored, ContactValues current)
    {
        public StoredContact? Stored { get; } = stored;

        public ContactValues Current { get; set; } = current;

        public bool Changed { get; set; }

        /// <summary>Age rank: existing contacts by id, then contacts inserted in this batch in row order.</summary>
        public long Order { get; set; }
    }

    /// <summary>Keys → contact, for existing contacts and those inserted earlier in the batch.</summary>
    private sealed class KeyIndex(IReadOnlyList<KeyKind> order)
    {
        private readonly Dictionary<long, Entry> _byId = [];
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
            if (entry.Stored is { } stored)
            {
                _byId[stored.Id] = entry;
            }

            Index(entry, entry.Current);
            if (entry.Changed)
            {
                _changed.Add(entry);
            }
        }

        public Entry? ById(long id) => _byId.GetValueOrDefault(id);

        /// <summary>The first key of <c>order</c> that finds a contact wins.</summary>
        public Entry? Match(ContactValues values)
        {
            foreach (var kind in order)
            {
                if (MatchBy(kind, values) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private Entry? MatchBy(KeyKind kind, ContactValues values) => kind switch
        {
            KeyKind.ExternalId => values.ExternalId is { } ext ? _byExternalId.GetValueOrDefault(ext) : null,
            KeyKind.Email => values.Email is { } email ? _byEmail.GetValueOrDefault(email) : null,
            _ => values.PhoneKey is { } phone && _byPhone.TryGetValue(phone, out var owners) && owners.Count > 0
                ? owners[0]
                : null,
        };

        /// <summary>The contact other than <paramref name="self"/> that holds (or gave up in this batch) the key.</summary>
        public Entry? OwnerOtherThan(string? key, Entry self, bool byEmail)
        {
            if (key is null)
            {
                return null;
            }

            var (owners, released) = byEmail ? (_byEmail, _releasedEmails) : (_byExternalId, _releasedExternalIds);
            if (owners.TryGetValue(key, out var owner) && owner != self)
            {
                return owner;
            }

            return released.TryGetValue(key, out var previous) && previous != self ? previous : null;
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
