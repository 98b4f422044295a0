using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Core.Bulk;

/// <summary>A contact to delete at its version.</summary>
public sealed record ContactVersionRef(long Id, int Version);

/// <summary>What a create/update/upsert call writes, and each item's result (ids of new contacts come after the write).</summary>
public sealed class BulkPlan(BulkItemResult[] results, BatchPlan write, IReadOnlyList<(int Index, ContactValues Values)> inserts)
{
    /// <summary>In input order.</summary>
    public BulkItemResult[] Results { get; } = results;

    /// <summary>The inserts and updates for the store's batch write; empty when nothing is written.</summary>
    public BatchPlan Write { get; } = write;

    /// <summary>Items that insert a contact, with its values (to find its id once written).</summary>
    public IReadOnlyList<(int Index, ContactValues Values)> Inserts { get; } = inserts;

    public bool AnyFailed => Results.Any(r => r.Status == BulkItemStatus.Failed);
}

/// <summary>
/// Step 2 of a bulk call: the API's own checks (duplicates in the request, ambiguous keys, expected versions), then the
/// import's <see cref="BatchDecider"/> with the call's key order and strategy for everything else — the same rules a
/// file import follows. Pure: the caller looked the contacts up under the company's lock and writes the plan.
/// </summary>
public static class BulkPlanner
{
    /// <summary>The keys to look up: every key of every valid item, and the keys of contacts named by id.</summary>
    public static BatchKeys Keys(IReadOnlyList<BulkItem> items, IReadOnlyList<StoredContact> byId) =>
        BatchKeys.From([.. items.Where(i => i.Error is null).Select(i => i.Row),
            .. byId.Select(c => new Mapping.PreparedRow(0, 0, [], c.Values, null))]);

    public static BulkPlan Plan(BulkOptions options, IReadOnlyList<BulkItem> items, IReadOnlyList<StoredContact> existing)
    {
        var results = new Dictionary<int, BulkItemResult>(items.Count);
        var contacts = existing.DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        var owners = new KeyOwners(contacts.Values);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var survivors = new List<BulkItem>(items.Count);
        foreach (var item in items)
        {
            var error = item.Error ?? RepeatedKey(item, options, seen) ?? Target(item, options, contacts, owners);
            if (error is not null)
            {
                results[item.Index] = Failed(item, error);
            }
            else
            {
                survivors.Add(item);
            }
        }

        var decided = BatchDecider.Decide([.. survivors.Select(i => i.Row)], existing, Strategy(options),
            new DecideOptions
            {
                MatchOrder = options.MatchOrder,
                Pinned = [.. survivors.Select(i => i.Id)],
                Clears = [.. survivors.Select(i => i.Clears)],
                InsertUnmatched = options.Operation != BulkOperation.Update,
                RecordDecisions = true,
            });
        var inserts = new List<(int, ContactValues)>();
        for (var i = 0; i < survivors.Count; i++)
        {
            var item = survivors[i];
            var decision = decided.Decisions![i];
            results[item.Index] = Result(item, decision, options);
            if (decision.Outcome == RowOutcome.Inserted)
            {
                inserts.Add((item.Index, decision.Final!));
            }
        }

        var final = items.Select(i => results[i.Index]).ToArray();
        if (options.Mode == BulkMode.Atomic && final.Any(r => r.Status == BulkItemStatus.Failed))
        {
            return new BulkPlan(RollBack(final), new BatchPlan(), []);
        }

        // Failed items are answered in the response; they are not the import's error rows.
        decided.Failures.Clear();
        return new BulkPlan(final, decided, inserts);
    }

    /// <summary>Atomic mode with a failure: every other item is rolled back.</summary>
    public static BulkItemResult[] RollBack(BulkItemResult[] results, string? reason = null) =>
        [.. results.Select(r => r.Status == BulkItemStatus.Failed ? r : r with
        {
            Status = BulkItemStatus.RolledBack, Id = r.Status == BulkItemStatus.Inserted ? null : r.Id,
            Version = r.Status == BulkItemStatus.Inserted ? null : r.Version,
            Error = new BulkError(BulkErrorCode.RolledBack,
                reason ?? "not applied: another item failed and the call is atomic"),
        })];

    /// <summary>A delete call: each item names a contact by id, at its expected version if it gives one.</summary>
    /// <returns>The results if every delete goes through, and the contacts to delete.</returns>
    public static (BulkItemResult[] Results, List<ContactVersionRef> Deletes) PlanDelete(
        BulkOptions options, IReadOnlyList<BulkItem> items, IReadOnlyList<StoredContact> found)
    {
        var contacts = found.ToDictionary(c => c.Id);
        var seen = new Dictionary<long, int>();
        var deletes = new List<ContactVersionRef>();
        var results = new BulkItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            BulkError? error = item.Error;
            StoredContact? contact = null;
            if (error is null && item.Id is not { } id)
            {
                error = new BulkError(BulkErrorCode.ValidationFailed, "a delete item needs the contact's id", "id");
            }
            else if (error is null && seen.TryGetValue(item.Id!.Value, out var earlier))
            {
                error = new BulkError(BulkErrorCode.DuplicateInRequest, $"item {earlier} of this request has the same id", "id");
            }
            else if (error is null && !contacts.TryGetValue(item.Id!.Value, out contact))
            {
                error = new BulkError(BulkErrorCode.NotFound, $"contact {item.Id} was not found", "id");
            }
            else if (error is null && item.ExpectedVersion is { } expected && expected != contact!.Version)
            {
                error = new BulkError(BulkErrorCode.VersionConflict,
                    $"contact {contact.Id} is at version {contact.Version}, not {expected}", "expected_version", contact.Id,
                    contact.Version);
            }

            if (item.Id is { } named)
            {
                seen.TryAdd(named, item.Index);
            }

            if (error is not null)
            {
                results[i] = Failed(item, error);
                continue;
            }

            deletes.Add(new ContactVersionRef(contact!.Id, contact.Version));
            results[i] = new BulkItemResult(item.Index, item.Ref, BulkItemStatus.Deleted, contact.Id, contact.Version, null);
        }

        if (options.Mode == BulkMode.Atomic && results.Any(r => r.Status == BulkItemStatus.Failed))
        {
            return (RollBack(results), []);
        }

        return (results, deletes);
    }

    /// <summary>The delete results once the store deleted <paramref name="deleted"/>: the others changed meanwhile.</summary>
    public static BulkItemResult[] Deleted(BulkItemResult[] planned, IReadOnlyCollection<long> deleted, BulkMode mode)
    {
        var missed = planned.Where(r => r.Status == BulkItemStatus.Deleted && !deleted.Contains(r.Id!.Value)).ToList();
        if (missed.Count == 0)
        {
            return planned;
        }

        var changed = planned.Select(r => missed.Contains(r) ? r with
        {
            Status = BulkItemStatus.Failed, Version = null,
            Error = new BulkError(BulkErrorCode.VersionConflict, $"contact {r.Id} changed or was deleted meanwhile", "id", r.Id),
        } : r).ToArray();
        return mode == BulkMode.Atomic ? RollBack(changed) : changed;
    }

    private static DuplicateStrategy Strategy(BulkOptions options) => options.Operation switch
    {
        BulkOperation.Create => DuplicateStrategy.Skip,
        BulkOperation.Update => DuplicateStrategy.Update,
        _ => options.OnMatch,
    };

    /// <summary>A later item repeating an earlier item's id or key fails; the earlier one stands.</summary>
    private static BulkError? RepeatedKey(BulkItem item, BulkOptions options, Dictionary<string, int> seen)
    {
        var v = item.Values!;
        (string Field, string? Key)[] keys =
        [
            ("id", item.Id is { } id ? "i:" + id : null),
            ("external_id", v.ExternalId is { } e ? "e:" + e : null),
            ("email", v.Email is { } m ? "m:" + m : null),
            ("phone", options.MatchOrder.Contains(KeyKind.Phone) && v.PhoneKey is { } p ? "p:" + p : null),
        ];
        foreach (var (field, key) in keys)
        {
            if (key is not null && seen.TryGetValue(key, out var earlier))
            {
                return new BulkError(BulkErrorCode.DuplicateInRequest, $"item {earlier} of this request has the same {field}",
                    field);
            }
        }

        foreach (var (_, key) in keys)
        {
            if (key is not null)
            {
                seen[key] = item.Index;
            }
        }

        return null;
    }

    /// <summary>The contact an item addresses must exist (by id), be the only one its keys name, and have the
    /// version the item expects.</summary>
    private static BulkError? Target(BulkItem item, BulkOptions options, Dictionary<long, StoredContact> contacts,
        KeyOwners owners)
    {
        StoredContact? target;
        if (item.Id is { } id)
        {
            if (!contacts.TryGetValue(id, out target))
            {
                return new BulkError(BulkErrorCode.NotFound, $"contact {id} was not found", "id");
            }
        }
        else
        {
            var named = options.MatchOrder
                .Select(k => (Key: k, Owner: owners.Of(k, item.Values!)))
                .Where(x => x.Owner is not null)
                .ToList();
            var distinct = named.Select(x => x.Owner!.Id).Distinct().ToList();
            if (distinct.Count > 1)
            {
                return new BulkError(BulkErrorCode.AmbiguousMatch,
                    $"the item's keys name different contacts: {string.Join(", ", named.Select(x => $"{BulkNames.Of(x.Key)} → {x.Owner!.Id}"))}",
                    BulkNames.Of(named[1].Key), named[0].Owner!.Id);
            }

            target = named.Count > 0 ? named[0].Owner : null;
        }

        if (item.ExpectedVersion is { } expected)
        {
            if (target is null)
            {
                return new BulkError(BulkErrorCode.NotFound, "expected_version names a contact, but none matches",
                    "expected_version");
            }

            if (target.Version != expected)
            {
                return new BulkError(BulkErrorCode.VersionConflict,
                    $"contact {target.Id} is at version {target.Version}, not {expected}", "expected_version", target.Id,
                    target.Version);
            }
        }

        return null;
    }

    private static BulkItemResult Result(BulkItem item, RowDecision decision, BulkOptions options)
    {
        var matched = decision.Matched;
        return decision.Outcome switch
        {
            RowOutcome.Inserted => new BulkItemResult(item.Index, item.Ref, BulkItemStatus.Inserted, null, 1, null),
            RowOutcome.Updated or RowOutcome.Merged => new BulkItemResult(item.Index, item.Ref,
                decision.Outcome == RowOutcome.Updated ? BulkItemStatus.Updated : BulkItemStatus.Merged, matched!.Id,
                matched.Version + 1, null),
            RowOutcome.Unchanged => new BulkItemResult(item.Index, item.Ref, BulkItemStatus.Unchanged, matched!.Id,
                matched.Version, null),
            RowOutcome.Skipped when options.Operation == BulkOperation.Create => Failed(item, new BulkError(
                BulkErrorCode.AlreadyExists, $"contact {matched!.Id} already has this {BulkNames.Of(MatchedBy(item, matched, options))}",
                BulkNames.Of(MatchedBy(item, matched, options)), matched.Id, matched.Version)),
            RowOutcome.Skipped => new BulkItemResult(item.Index, item.Ref, BulkItemStatus.Skipped, matched!.Id,
                matched.Version, null),
            _ => Failed(item, decision.Failure switch
            {
                DecisionFailure.NotFound => new BulkError(BulkErrorCode.NotFound, "no contact matches the item's keys"),
                DecisionFailure.KeyOfAnother => new BulkError(BulkErrorCode.AlreadyExists,
                    decision.Error!.Reason + (decision.OwnerId is { } o ? $" ({o})" : ""), decision.Error.Column, decision.OwnerId),
                _ => new BulkError(BulkErrorCode.ValidationFailed, decision.Error?.Reason ?? "invalid item", decision.Error?.Column),
            }),
        };
    }

    private static KeyKind MatchedBy(BulkItem item, StoredContact matched, BulkOptions options) =>
        options.MatchOrder.FirstOrDefault(k => KeyOwners.KeyOf(k, item.Values!) is { } key
            && key == KeyOwners.KeyOf(k, matched.Values), options.MatchOrder[0]);

    private static BulkItemResult Failed(BulkItem item, BulkError error) =>
        new(item.Index, item.Ref, BulkItemStatus.Failed, null, null, error);

    /// <summary>Who holds each key among the looked-up contacts; a phone's oldest holder, as in the import.</summary>
    private sealed class KeyOwners
    {
        private readonly Dictionary<string, StoredContact> _owners = new(StringComparer.Ordinal);

        public KeyOwners(IEnumerable<StoredContact> contacts)
        {
            foreach (var c in contacts.OrderBy(c => c.Id))
            {
                foreach (var kind in DecideOptions.DefaultMatchOrder)
                {
                    if (KeyOf(kind, c.Values) is { } key)
                    {
                        _owners.TryAdd($"{(int)kind}:{key}", c);
                    }
                }
            }
        }

        public StoredContact? Of(KeyKind kind, ContactValues values) =>
            KeyOf(kind, values) is { } key ? _owners.GetValueOrDefault($"{(int)kind}:{key}") : null;

        public static string? KeyOf(KeyKind kind, ContactValues values) => kind switch
        {
            KeyKind.ExternalId => values.ExternalId,
            KeyKind.Email => values.Email,
            _ => values.PhoneKey,
        };
    }
}
