using System.Diagnostics;
using ContactImport.Core;
using ContactImport.Core.Bulk;
using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Storage;

namespace ContactImport.Bulk;

/// <summary>
/// Runs one bulk call through the import's batch path: look-up under the company's lock, <see cref="BulkPlanner"/>
/// (the import's decider), then the store's bulk write — all in one transaction. In partial mode a write the
/// database refuses is bisected, as the import pipeline does, so only the guilty item fails.
/// </summary>
public sealed class BulkRunner(Store store)
{
    private const int TransientAttempts = 3;

    public async Task<BulkItemResult[]> RunAsync(long companyId, BulkOptions options, IReadOnlyList<BulkItem> items,
        CancellationToken cancellationToken)
    {
        var op = BulkNames.Of(options.Operation);
        using var activity = Telemetry.Source.StartActivity("bulk.call");
        activity?.SetTag("contactimport.bulk.op", op);
        activity?.SetTag("contactimport.bulk.items", items.Count);
        var started = Stopwatch.GetTimestamp();
        var results = options.Operation == BulkOperation.Delete
            ? await DeleteAsync(companyId, options, items, cancellationToken)
            : await WriteAsync(companyId, options, items, cancellationToken);
        Record(op, results, Stopwatch.GetElapsedTime(started));
        return results;
    }

    /// <summary><c>bulk/tags</c>: the contacts' tag changes, written as updates through the same batch path.</summary>
    public async Task<BulkItemResult[]> RunTagsAsync(long companyId, BulkTagCall call, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("bulk.call");
        activity?.SetTag("contactimport.bulk.op", "tags");
        var started = Stopwatch.GetTimestamp();
        var ids = call.Entries.Select(e => e.Contact?.Id).OfType<long>().Distinct().ToArray();
        var byId = await store.Bulk.GetByIdsAsync(companyId, ids, cancellationToken);
        BulkItemResult[] results;
        await using (var session = await store.Batches.OpenSessionAsync(companyId, singleTransaction: false, cancellationToken))
        {
            await using (var scope = await session.BeginBatchAsync(cancellationToken))
            {
                var existing = await scope.LookupAsync(BulkTagPlanner.Keys(call.Entries, byId), cancellationToken);
                (results, var write) = BulkTagPlanner.Plan(call.Mode, call.Entries, existing);
                if (!call.DryRun && write.Updates.Count > 0)
                {
                    await scope.WriteAsync(BatchWrite.OfBulkCall(Guid.CreateVersion7(), write, call.Entries.Count, started),
                        cancellationToken);
                    await scope.CommitAsync(cancellationToken);
                }
            }

            await session.CompleteAsync(commit: !call.DryRun, cancellationToken);
        }

        Record("tags", results, Stopwatch.GetElapsedTime(started));
        return results;
    }

    /// <summary>Counts per status (a handful of additions per call) and the call's duration.</summary>
    public static void Record(string op, IReadOnlyList<BulkItemResult> results, TimeSpan elapsed)
    {
        var operation = new KeyValuePair<string, object?>("op", op);
        Telemetry.BulkDuration.Record(elapsed.TotalSeconds, operation);
        foreach (var group in results.GroupBy(r => r.Status))
        {
            Telemetry.BulkItems.Add(group.Count(), operation, new KeyValuePair<string, object?>("status", BulkNames.Of(group.Key)));
        }
    }

    private async Task<BulkItemResult[]> DeleteAsync(long companyId, BulkOptions options, IReadOnlyList<BulkItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Where(i => i.Error is null && i.Id is not null).Select(i => i.Id!.Value).Distinct().ToArray();
        var found = await store.Bulk.GetByIdsAsync(companyId, ids, cancellationToken);
        var (planned, deletes) = BulkPlanner.PlanDelete(options, items, found);
        if (options.DryRun || deletes.Count == 0)
        {
            return planned;
        }

        var deleted = await store.Bulk.DeleteAsync(companyId, deletes, options.Mode == BulkMode.Atomic, cancellationToken);
        return BulkPlanner.Deleted(planned, deleted.ToHashSet(), options.Mode);
    }

    private async Task<BulkItemResult[]> WriteAsync(long companyId, BulkOptions options, IReadOnlyList<BulkItem> items,
        CancellationToken cancellationToken)
    {
        var ids = items.Where(i => i.Error is null && i.Id is not null).Select(i => i.Id!.Value).Distinct().ToArray();
        var byId = await store.Bulk.GetByIdsAsync(companyId, ids, cancellationToken);
        await using var session = await store.Batches.OpenSessionAsync(companyId, singleTransaction: false, cancellationToken);
        var results = await WritePartAsync(session, options, items, byId, Guid.CreateVersion7(), cancellationToken);
        await session.CompleteAsync(commit: !options.DryRun, cancellationToken);
        return results;
    }

    /// <param name="callId">Recorded as the inserted contacts' origin.</param>
    private async Task<BulkItemResult[]> WritePartAsync(IImportSession session, BulkOptions options,
        IReadOnlyList<BulkItem> items, IReadOnlyList<StoredContact> byId, Guid callId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(session, options, items, byId, callId, cancellationToken);
            }
            catch (Exception ex) when (store.Batches.Classify(ex) == StoreErrorKind.Transient && attempt < TransientAttempts
                                       && session.CanRetryBatches)
            {
                // Another writer changed a contact between look-up and write, or the connection dropped: decide again.
            }
            catch (Exception ex) when (store.Batches.Classify(ex) == StoreErrorKind.RowData)
            {
                var reason = "rejected by the database: " + ex.Message;
                if (options.Mode == BulkMode.Atomic)
                {
                    return [.. items.Select(i => new BulkItemResult(i.Index, i.Ref, BulkItemStatus.RolledBack, null, null,
                        new BulkError(BulkErrorCode.RolledBack, reason)))];
                }

                if (items.Count == 1)
                {
                    var item = items[0];
                    return [new BulkItemResult(item.Index, item.Ref, BulkItemStatus.Failed, null, null,
                        new BulkError(BulkErrorCode.ValidationFailed, reason))];
                }

                var half = items.Count / 2;
                return [.. await WritePartAsync(session, options, items.Take(half).ToList(), byId, callId, cancellationToken),
                    .. await WritePartAsync(session, options, items.Skip(half).ToList(), byId, callId, cancellationToken)];
            }
        }
    }

    private static async Task<BulkItemResult[]> AttemptAsync(IImportSession session, BulkOptions options,
        IReadOnlyList<BulkItem> items, IReadOnlyList<StoredContact> byId, Guid callId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = await session.BeginBatchAsync(cancellationToken);
        var existing = await scope.LookupAsync(BulkPlanner.Keys(items, byId), cancellationToken);
        var plan = BulkPlanner.Plan(options, items, existing);
        var write = plan.Write;
        if (options.DryRun || (write.Inserts.Count == 0 && write.Updates.Count == 0))
        {
            return plan.Results; // disposing the scope rolls its transaction back
        }

        await scope.WriteAsync(BatchWrite.OfBulkCall(callId, write, items.Count, started), cancellationToken);
        var results = plan.Inserts.Count == 0 ? plan.Results : await WithInsertedIdsAsync(scope, plan, cancellationToken);
        await scope.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>The ids of the contacts the call inserted: read back inside the transaction and tied to the items by
    /// their keys.</summary>
    private static async Task<BulkItemResult[]> WithInsertedIdsAsync(IBatchScope scope, BulkPlan plan,
        CancellationToken cancellationToken)
    {
        var byKeys = (await scope.InsertedAsync(cancellationToken))
            .GroupBy(c => (c.ExternalId, c.Email, c.PhoneKey))
            .ToDictionary(g => g.Key, g => new Queue<long>(g.Select(c => c.Id)));
        var ids = new Dictionary<int, long>();
        foreach (var (index, values) in plan.Inserts)
        {
            if (byKeys.TryGetValue((values.ExternalId, values.Email, values.PhoneKey), out var queue) && queue.TryDequeue(out var id))
            {
                ids[index] = id;
            }
        }

        return [.. plan.Results.Select(r => ids.TryGetValue(r.Index, out var id) && r.Status == BulkItemStatus.Inserted
            ? r with { Id = id }
            : r)];
    }
}
