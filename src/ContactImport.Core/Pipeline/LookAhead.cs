using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;

namespace ContactImport.Core.Pipeline;

/// <summary>
/// Decides the next batch while the current one is written. Without it, each batch's look-up and decision
/// run while the database idles, and its bulk write while the importer idles: on PostgreSQL the write is
/// server-bound, so the two simply add up. Here, once batch N is decided, batch N+1's keys are looked up on a
/// second connection among committed contacts and decided against them plus batch N's plan, on another core,
/// during N's write.
///
/// That is exactly what N+1 would have seen after N, provided that nobody else wrote meanwhile. N's transaction
/// holds the company's lock and its write epoch from before the look-up until its commit, and the look-up's
/// snapshot is taken before that commit; N+1 then confirms that the epoch did not move since N committed
/// (<see cref="KnownKeys.ConfirmAsync"/>). Anything else — another writer, a retried or bisected batch, a plan
/// that would update a contact N inserts (its id is only known to the database), any failure here —
/// drops the early decision, and N+1 is looked up and decided inside its own transaction as usual.
/// </summary>
internal sealed class LookAhead
{
    // Contacts batch N inserts have no id yet. They stand in with ids above any real one, in N's order, which is
    // how the database numbers them (after every existing contact): phone owners rank by id.
    private const long PendingIdBase = long.MaxValue / 2;

    private PreparedBatch? _batch;
    private Task<IReadOnlyList<StoredContact>?>? _found;
    private Task<BatchPlan?>? _plan;

    /// <summary>Starts deciding <paramref name="next"/> as if <paramref name="current"/> were committed.</summary>
    /// <param name="remembering">Adds the current plan's keys to the filter; the next batch is narrowed after it.</param>
    public void Start(ICommittedLookup lookup, KnownKeys known, PreparedBatch next, BatchPlan current,
        Task remembering, DuplicateStrategy strategy, DateTimeOffset now)
    {
        _batch = next;
        _found = Task.Run(async () =>
        {
            try
            {
                await remembering;
                var keys = known.Narrow(next.Keys);
                var pending = Pending(current, keys, now);
                return await ImportPipeline.LookUpAsync(lookup.LookupAsync, next.Rows, keys, pending);
            }
            catch (Exception)
            {
                return null; // only speed depends on it: the batch is looked up in its own transaction instead
            }
        });
        _plan = _found.ContinueWith(found =>
        {
            try
            {
                return found.Result is { } existing ? DecideOrNull(next, existing, strategy) : null;
            }
            catch (Exception)
            {
                return null; // same: the batch's own transaction decides it
            }
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>
    /// Waits for the look-up. Call before the current batch commits: the look-up must not see that commit, or
    /// the current batch's contacts would come twice (from the database and from its plan).
    /// </summary>
    public Task LookedUpAsync() => _found ?? Task.CompletedTask;

    /// <summary>Waits for the early decision, if one is being made.</summary>
    public Task DecidedAsync() => _plan ?? Task.CompletedTask;

    /// <summary>The early decision for <paramref name="batch"/>, if one was made for exactly it; clears it.</summary>
    public async Task<BatchPlan?> TakeAsync(PreparedBatch? batch)
    {
        var (started, plan) = (_batch, _plan);
        _batch = null;
        _found = null;
        _plan = null;
        var result = plan is null ? null : await plan;
        return ReferenceEquals(started, batch) ? result : null;
    }

    /// <summary>Drops an early decision (its batch failed, or the run ends); waits until it no longer runs.</summary>
    public Task DiscardAsync() => TakeAsync(null);

    /// <summary>
    /// The contacts the current batch writes that have one of the next batch's <paramref name="keys"/>, as they
    /// will be once it commits. The narrowed keys suffice: every key of the current plan is in the filter already.
    /// </summary>
    private static List<StoredContact> Pending(BatchPlan current, BatchKeys keys, DateTimeOffset now)
    {
        var externalIds = keys.ExternalIds.ToHashSet(StringComparer.Ordinal);
        var emails = keys.Emails.ToHashSet(StringComparer.Ordinal);
        var phones = keys.PhoneKeys.ToHashSet(StringComparer.Ordinal);
        bool Shares(ContactValues v) =>
            (v.ExternalId is { } e && externalIds.Contains(e)) || (v.Email is { } m && emails.Contains(m))
            || (v.PhoneKey is { } p && phones.Contains(p));

        var pending = new List<StoredContact>();
        foreach (var update in current.Updates)
        {
            // Also by the keys it gives up: the look-up may find it by those, and must not see it as it was.
            var before = update.Before;
            if (Shares(update.After) || Shares(before.Values))
            {
                pending.Add(before with { Values = update.After, UpdatedAt = now, Version = before.Version + 1 });
            }
        }

        for (var i = 0; i < current.Inserts.Count; i++)
        {
            if (Shares(current.Inserts[i]))
            {
                pending.Add(new StoredContact(PendingIdBase + i, current.Inserts[i], null, now, now, 1));
            }
        }

        return pending;
    }

    /// <summary>
    /// The next batch's plan, or null when it would update a contact the current batch inserts: its id is the
    /// database's to say. A contact the current batch updates is known as it will be (<see cref="Pending"/>: its
    /// values, version and time), so updating it again needs nothing from the database — in an update re-import,
    /// with repeats a few batches apart, most batches do.
    /// </summary>
    private static BatchPlan? DecideOrNull(PreparedBatch next, IReadOnlyList<StoredContact> existing, DuplicateStrategy strategy)
    {
        var plan = BatchDecider.Decide(next.Rows, existing, strategy);
        return plan.Updates.Any(u => u.Before.Id >= PendingIdBase) ? null : plan;
    }
}
