using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;
using ContactImport.Storage.Postgres;
using Npgsql;

namespace ContactImport.IntegrationTests.Postgres;

/// <summary>The PostgreSQL import session below the pipeline: connections, transactions, checkpoints.</summary>
public sealed class PostgresSessionTests : IAsyncLifetime
{
    private StoreDatabase _db = null!;
    private Store _store = null!;
    private long _company;

    public async Task InitializeAsync()
    {
        _db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        _store = _db.OpenStore();
        await _store.MigrateAsync(CancellationToken.None);
        _company = await _store.EnsureCompanyAsync("session-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_session_whose_backend_was_terminated_goes_on_with_a_new_connection()
    {
        var import = await NewImportAsync();
        await using var session = await _store.Batches.OpenSessionAsync(_company, singleTransaction: false, CancellationToken.None);
        await WriteBatchAsync(session, import, 1, ["a@x.test", "b@x.test"], rowsConsumed: 2);

        await TerminateOtherBackendsAsync();

        var failure = await Record.ExceptionAsync(() => WriteBatchAsync(session, import, 2, ["c@x.test"], rowsConsumed: 3));
        failure.Should().NotBeNull("the batch ran on the terminated connection");
        _store.Batches.Classify(failure!).Should().Be(StoreErrorKind.Transient);

        // The retry of the same batch gets a fresh connection and commits; nothing of the failed attempt stayed.
        await WriteBatchAsync(session, import, 2, ["c@x.test"], rowsConsumed: 3);
        (await CountAsync($"SELECT count(*) FROM contacts WHERE company_id = {_company}")).Should().Be(3);
        (await CountAsync($"SELECT rows_consumed FROM imports WHERE id = '{import}'")).Should().Be(3);
    }

    [Fact]
    public async Task A_batch_whose_checkpoint_was_already_committed_fails_instead_of_counting_twice()
    {
        var import = await NewImportAsync();
        await using var session = await _store.Batches.OpenSessionAsync(_company, singleTransaction: false, CancellationToken.None);
        await WriteBatchAsync(session, import, 1, ["d@x.test"], rowsConsumed: 1);

        var again = () => WriteBatchAsync(session, import, 1, ["e@x.test"], rowsConsumed: 1);

        (await again.Should().ThrowAsync<ImportCheckpointConflictException>())
            .Which.Should().Match<Exception>(e => _store.Batches.Classify(e) == StoreErrorKind.Fatal);
        (await CountAsync($"SELECT count(*) FROM contacts WHERE imported_from = '{import}'")).Should().Be(1);
    }

    [Fact]
    public async Task A_failed_savepoint_batch_leaves_nothing_and_the_outer_transaction_goes_on()
    {
        var import = await NewImportAsync();
        await using (var session = await _store.Batches.OpenSessionAsync(_company, singleTransaction: true, CancellationToken.None))
        {
            session.CanRetryBatches.Should().BeFalse();
            await WriteBatchAsync(session, import, 1, ["f@x.test"], rowsConsumed: 1);

            // The same e-mail again bypasses the decider (written directly): the unique key refuses it.
            var duplicate = () => WriteBatchAsync(session, import, 2, ["g@x.test", "f@x.test"], rowsConsumed: 3);
            var error = await duplicate.Should().ThrowAsync<PostgresException>();
            _store.Batches.Classify(error.Which).Should().Be(StoreErrorKind.RowData);

            await WriteBatchAsync(session, import, 2, ["g@x.test"], rowsConsumed: 3);
            await session.CompleteAsync(commit: true, CancellationToken.None);
        }

        (await CountAsync($"SELECT count(*) FROM contacts WHERE imported_from = '{import}'")).Should().Be(2);
    }

    [Fact]
    public async Task Staged_updates_probe_each_contact_by_id_when_the_table_has_no_statistics_yet()
    {
        // A young table, never analyzed: the planner guesses the company's size (a fraction of the table's pages).
        await _db.ExecuteAsync("ALTER TABLE contacts SET (autovacuum_enabled = false)");
        await _db.ExecuteAsync(
            $"INSERT INTO contacts (company_id, email, created_at, updated_at, version) SELECT {_company}, 'p' || g || '@x.test', now(), now(), 1 FROM generate_series(1, 20000) g");
        var import = await NewImportAsync();
        var readBefore = await PrimaryKeyEntriesReadAsync(0);

        await using (var session = await _store.Batches.OpenSessionAsync(_company, singleTransaction: false, CancellationToken.None))
        await using (var scope = await session.BeginBatchAsync(CancellationToken.None))
        {
            var emails = Enumerable.Range(1, 500).Select(i => $"p{i * 37}@x.test").ToArray();
            var found = await scope.LookupAsync(new BatchKeys([], emails, []), CancellationToken.None);
            var plan = new BatchPlan { Counts = new ImportCounts(0, found.Count, 0, 0, 0, 0) };
            plan.Updates.AddRange(found.Select(c =>
            {
                var after = c.Values.Clone();
                after.City = "Rome";
                return new ContactUpdate(c, after);
            }));
            await scope.WriteAsync(new BatchWrite(import, plan, new ImportCheckpoint(500, plan.Counts, 1), 1, 500, 1,
                DateTimeOffset.UtcNow), CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
        }

        // One probe of the primary key per staged row. Joined to the whole company instead (what the planner chose
        // for a table without statistics), the UPDATE read all 20,000 of its entries, and compared each with every
        // staged row: 1.7 s for a 500-update bulk call.
        (await PrimaryKeyEntriesReadAsync(readBefore) - readBefore).Should().BeLessThan(2000);
        (await CountAsync($"SELECT count(*) FROM contacts WHERE company_id = {_company} AND city = 'Rome'")).Should().Be(500);
    }

    private async Task<Guid> NewImportAsync()
    {
        var id = Guid.NewGuid();
        await _store.Imports.CreateAsync(new ImportRecord
        {
            Id = id, CompanyId = _company, FileName = "t.csv", Status = ImportStatus.Running, CreatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
        return id;
    }

    private static async Task WriteBatchAsync(IImportSession session, Guid import, int batch, string[] emails, long rowsConsumed)
    {
        await using var scope = await session.BeginBatchAsync(CancellationToken.None);
        await scope.LookupAsync(new BatchKeys([], emails, []), CancellationToken.None);
        var plan = new BatchPlan();
        plan.Inserts.AddRange(emails.Select(e => new ContactValues { Email = e, Tags = ["t"] }));
        plan.Counts = new ImportCounts(emails.Length, 0, 0, 0, 0, 0);
        await scope.WriteAsync(
            new BatchWrite(import, plan, new ImportCheckpoint(rowsConsumed, plan.Counts, batch), batch, emails.Length, 1,
                DateTimeOffset.UtcNow),
            CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
    }

    private async Task TerminateOtherBackendsAsync() => await _db.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

    /// <summary>Index entries read through contacts' primary key, once the counters moved past <paramref name="past"/>:
    /// a backend reports its counters when it goes idle or exits, so the store's connections are closed first.</summary>
    private async Task<long> PrimaryKeyEntriesReadAsync(long past)
    {
        NpgsqlConnection.ClearAllPools();
        const string Sql = "SELECT COALESCE(sum(idx_tup_read), 0)::bigint FROM pg_stat_user_indexes WHERE indexrelname = 'contacts_pkey'";
        for (var attempt = 0; ; attempt++)
        {
            var read = await CountAsync(Sql);
            if (read > past || past == 0 || attempt == 100)
            {
                return read;
            }

            await Task.Delay(200);
        }
    }

    private Task<long> CountAsync(string sql) => _db.ScalarAsync(sql);
}
