using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Pipeline;

// In-memory fakes for unit tests of the pipeline's control flow only (retry, bisection, cancellation, single
// transaction, resume). They make no claim about the real stores, which have their own integration tests.

internal sealed class TransientFault(string message) : Exception(message);

internal sealed class RowDataFault(string message) : Exception(message);

/// <summary>A file of one e-mail column; rows are numbered 1..n.</summary>
internal sealed class FakeRowSource(params string[] emails) : IRowSource
{
    public FileInspection Inspection { get; } =
        new(FileFormat.Csv, "utf-8", ',', ["email"], emails.Length, [], []);

    public long? SkipRequested { get; private set; }

    /// <summary>Awaited before yielding a row (row number, reader token).</summary>
    public Func<long, CancellationToken, Task>? BeforeRow { get; init; }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        long skipRows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SkipRequested = skipRows;
        for (var row = skipRows + 1; row <= emails.Length; row++)
        {
            if (BeforeRow is not null)
            {
                await BeforeRow(row, cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return new SourceRow(row, row + 1, [emails[row - 1]]);
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>Prepares rows of <see cref="FakeRowSource"/>: an e-mail starting with "bad" is invalid.</summary>
internal sealed class FakePreparer
{
    public ConcurrentQueue<long> Prepared { get; } = new();

    public PreparedRow Prepare(SourceRow row)
    {
        Prepared.Enqueue(row.Row);
        var email = row.Fields[0];
        return email.StartsWith("bad", StringComparison.Ordinal)
            ? new PreparedRow(row.Row, row.Line, row.Fields, null,
                new RowError(row.Row, row.Line, "email", email, "invalid e-mail address"))
            : new PreparedRow(row.Row, row.Line, row.Fields, new ContactValues { Email = email }, null);
    }
}

internal sealed class FakeImportTarget : IImportTarget
{
    private long _nextId;

    public Task<int> PreferredBatchSizeAsync(long companyId, CancellationToken cancellationToken) => Task.FromResult(3);

    public long MinHeapRoomBytes => HeapKeeper.DefaultMinRoomBytes;

    public List<StoredContact> Contacts { get; } = [];

    /// <summary>Writes that were committed, in order.</summary>
    public List<BatchWrite> Committed { get; } = [];

    public int WriteAttempts { get; private set; }

    public bool? SingleTransaction { get; private set; }

    /// <summary>The <c>commit</c> argument of each <see cref="IImportSession.CompleteAsync"/> call.</summary>
    public List<bool> Completions { get; } = [];

    /// <summary>Returns an exception to throw from <see cref="IBatchScope.WriteAsync"/> (attempt number, plan).</summary>
    public Func<int, BatchPlan, Exception?>? FailWrite { get; init; }

    public Action<BatchWrite>? AfterCommit { get; init; }

    /// <summary>Null: the fake store cannot tell its write epoch (the pipeline then looks every key up).</summary>
    public long? Epoch { get; set; } = 0;

    /// <summary>The keys of every look-up, in order.</summary>
    public List<BatchKeys> Lookups { get; } = [];

    /// <summary>Another writer adds a contact: like a real store, its epoch moves.</summary>
    public void AddFromElsewhere(ContactValues values)
    {
        Contacts.Add(new StoredContact(++_nextId, values, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1));
        Epoch++;
    }

    public StoreErrorKind Classify(Exception exception) => exception switch
    {
        TransientFault => StoreErrorKind.Transient,
        RowDataFault => StoreErrorKind.RowData,
        _ => StoreErrorKind.Fatal,
    };

    public Task<IImportSession> OpenSessionAsync(long companyId, bool singleTransaction, CancellationToken cancellationToken)
    {
        SingleTransaction = singleTransaction;
        return Task.FromResult<IImportSession>(new Session(this, singleTransaction));
    }

    private sealed class Session(FakeImportTarget target, bool single) : IImportSession
    {
        public ICommittedLookup? CommittedLookup => null;

        public bool CanRetryBatches => !single;

        public Task<IBatchScope> BeginBatchAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IBatchScope>(new Scope(target));

        public Task CompleteAsync(bool commit, CancellationToken cancellationToken)
        {
            target.Completions.Add(commit);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Scope(FakeImportTarget target) : IBatchScope
    {
        private BatchWrite? _pending;

        public Task<long?> ReadWriteEpochAsync(CancellationToken cancellationToken) => Task.FromResult(target.Epoch);

        public Task<bool> CompanyHasContactsAsync(CancellationToken cancellationToken) =>
            Task.FromResult(target.Contacts.Count > 0);

        // The pipeline never asks (bulk calls do, on the real stores of the integration tests).
        public Task<IReadOnlyList<InsertedContact>> InsertedAsync(CancellationToken cancellationToken) =>
            throw new NotSupportedException("The import pipeline does not read back inserted ids.");

        public Task<IReadOnlyList<StoredContact>> LookupAsync(BatchKeys keys, CancellationToken cancellationToken)
        {
            target.Lookups.Add(keys);
            IReadOnlyList<StoredContact> found =
            [
                .. target.Contacts
                    .Where(c => (c.Values.Email is { } e && keys.Emails.Contains(e))
                                || (c.Values.ExternalId is { } x && keys.ExternalIds.Contains(x))
                                || (c.Values.PhoneKey is { } p && keys.PhoneKeys.Contains(p)))
                    .OrderBy(c => c.Id),
            ];
            return Task.FromResult(found);
        }

        public Task WriteAsync(BatchWrite write, CancellationToken cancellationToken)
        {
            target.WriteAttempts++;
            if (target.FailWrite?.Invoke(target.WriteAttempts, write.Plan) is { } failure)
            {
                throw failure;
            }

            _pending = write;
            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken cancellationToken)
        {
            var write = _pending ?? throw new InvalidOperationException("Commit without a write.");
            foreach (var values in write.Plan.Inserts)
            {
                target.Contacts.Add(new StoredContact(++target._nextId, values.Clone(), write.ImportId, write.Now, write.Now, 1));
            }

            foreach (var update in write.Plan.Updates)
            {
                var i = target.Contacts.FindIndex(c => c.Id == update.Before.Id);
                target.Contacts[i] = target.Contacts[i] with { Values = update.After.Clone(), Version = update.Before.Version + 1 };
            }

            target.Committed.Add(write);
            target.AfterCommit?.Invoke(write);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
