using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.Core.Reading;
using ContactImport.Imports;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>An import stopped between batches resumes from its committed checkpoint: no row twice, none lost.</summary>
public sealed class ResumeTests
{
    /// <summary>Ten rows, two per batch: rows 2 and 7 are bad, rows 5 and 8 repeat rows 1 and 3.</summary>
    private static readonly string[] TenRows =
    [
        "email,first_name",
        "a@example.com,A",
        "bad@,Bad",
        "b@example.com,B",
        "c@example.com,C",
        "a@example.com,A again",
        "d@example.com,D",
        "bad2@,Bad",
        "b@example.com,B again",
        "e@example.com,E",
        "f@example.com,F",
    ];

    private static ImportRequest Request(DuplicateStrategy strategy = DuplicateStrategy.Skip) => new()
    {
        Options = new ImportOptions { BatchSize = 2, DuplicateStrategy = strategy },
    };

    /// <summary>Runs the import and cancels its stop token as soon as batch <paramref name="stopAfter"/> is reported.</summary>
    private static async Task<ImportRecord> RunAndStopAfterAsync(Store store, ImportRecord record, ImportRequest request,
        int stopAfter)
    {
        using var stop = new CancellationTokenSource();
        var tracker = new ProgressTracker();
        tracker.Changed += p =>
        {
            if (p.CurrentBatch == stopAfter)
            {
                stop.Cancel();
            }
        };
        return await new ImportService(store).RunAsync(record, request, tracker, stop.Token);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite, DuplicateStrategy.Skip)]
    [InlineData(StoreKind.Sqlite, DuplicateStrategy.Update)]
    [InlineData(StoreKind.Postgres, DuplicateStrategy.Skip)]
    [InlineData(StoreKind.Postgres, DuplicateStrategy.Update)]
    public async Task Resuming_a_cancelled_import_from_its_checkpoint_imports_every_row_once(StoreKind kind, DuplicateStrategy strategy)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        var path = db.Csv(TenRows);
        var request = Request(strategy);
        var service = new ImportService(store);
        var (created, _) = await service.CreateAsync(companyId, path, "ten.csv", request, "test", null, requireContactKey: true, CancellationToken.None);

        var stopped = await RunAndStopAfterAsync(store, created, request, stopAfter: 2);

        stopped.Status.Should().Be(ImportStatus.Cancelled);
        var stored = (await store.Imports.GetAsync(companyId, created.Id, CancellationToken.None))!;
        stored.Status.Should().Be(ImportStatus.Cancelled);
        stored.Checkpoint.Should().Be(new ImportCheckpoint(4, new ImportCounts(3, 0, 0, 0, 0, 1), 2));
        (await db.ContactsAsync()).Select(c => c.Email).Should().Equal("a@example.com", "b@example.com", "c@example.com");

        (await store.Imports.TransitionAsync(created.Id, [ImportStatus.Cancelled], ImportStatus.Running, CancellationToken.None))
            .Should().BeTrue();
        var resumed = await service.RunAsync(
            (await store.Imports.GetAsync(companyId, created.Id, CancellationToken.None))!, request, null, CancellationToken.None);

        resumed.Status.Should().Be(ImportStatus.CompletedWithErrors);
        resumed.Counts.Should().Be(strategy == DuplicateStrategy.Skip
            ? new ImportCounts(Inserted: 6, Updated: 0, Merged: 0, Unchanged: 0, Skipped: 2, Failed: 2)
            : new ImportCounts(Inserted: 6, Updated: 2, Merged: 0, Unchanged: 0, Skipped: 0, Failed: 2));
        resumed.Total.Should().Be(10);
        resumed.RowsConsumed.Should().Be(10);
        resumed.BatchesDone.Should().Be(5);
        var final = (await store.Imports.GetAsync(companyId, created.Id, CancellationToken.None))!;
        final.Counts.Should().Be(resumed.Counts);
        final.Status.Should().Be(ImportStatus.CompletedWithErrors);

        var contacts = await db.ContactsAsync();
        contacts.Select(c => c.Email).Should().Equal(
            "a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com");
        contacts.Select(c => c.ImportedFrom).Should().AllBeEquivalentTo(created.Id);
        if (strategy == DuplicateStrategy.Update)
        {
            contacts.Select(c => c.FirstName).Should().Equal("A again", "B again", "C", "D", "E", "F");
        }

        var errors = new List<ImportErrorRecord>();
        await foreach (var e in store.Imports.ReadErrorsAsync(created.Id, CancellationToken.None))
        {
            errors.Add(e);
        }

        errors.Select(e => (e.Row, e.Line)).Should().Equal((2L, 3L), (7L, 8L));
        (await store.Imports.GetBatchTimingsAsync(created.Id, CancellationToken.None)).Select(b => b.Batch)
            .Should().Equal(1, 2, 3, 4, 5);
    }

    [Theory, BothStores]
    public async Task A_resumed_import_can_be_rolled_back_completely(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        var request = Request();
        var service = new ImportService(store);
        var (created, _) = await service.CreateAsync(companyId, db.Csv(TenRows), "ten.csv", request, "test", null, requireContactKey: true, CancellationToken.None);
        await RunAndStopAfterAsync(store, created, request, stopAfter: 3);
        await store.Imports.TransitionAsync(created.Id, [ImportStatus.Cancelled], ImportStatus.Running, CancellationToken.None);
        await service.RunAsync((await store.Imports.GetAsync(companyId, created.Id, CancellationToken.None))!, request, null,
            CancellationToken.None);

        var rollback = await TestCli.RunAsync(db, "rollback", created.Id.ToString(), "--json");

        rollback.ExitCode.Should().Be(0, rollback.ToString());
        rollback.Long("contacts_removed").Should().Be(6);
        (await db.ContactsAsync()).Should().BeEmpty();
    }

    [Theory, BothStores]
    public async Task Cancelling_while_the_reader_waits_between_batches_ends_cancelled_not_completed(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        var path = db.Csv(TenRows);
        var request = Request();
        var (record, _) = await new ImportService(store).CreateAsync(companyId, path, "ten.csv", request, "test", null, true,
            CancellationToken.None);
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        using var source = new StallingSource(ContactFileReader.Open(path, inspection, new ReadOptions()), stallAfter: 4);
        var mapper = new ContactRowMapper(HeaderMapper.Suggest(inspection.Headers), "US");
        using var stop = new CancellationTokenSource();
        var tracker = new ProgressTracker();
        tracker.Changed += p =>
        {
            if (p.CurrentBatch == 2)
            {
                stop.Cancel();
            }
        };

        var result = await new ImportPipeline(store.Batches, tracker).RunAsync(
            new PipelineRun(record.Id, companyId, source, mapper.Prepare, request.Options, ImportCheckpoint.Start), stop.Token);

        result.Outcome.Should().Be(PipelineOutcome.Cancelled, "rows 5-10 were never read: the import did not complete");
        result.Final.RowsConsumed.Should().Be(4);
        (await db.ContactsAsync()).Should().HaveCount(3);
    }

    /// <summary>A reader that, after <c>stallAfter</c> rows, waits (like a slow disk or upload) until cancelled.</summary>
    private sealed class StallingSource(IRowSource inner, int stallAfter) : IRowSource
    {
        public FileInspection Inspection => inner.Inspection;

        public async IAsyncEnumerable<SourceRow> ReadAsync(long skipRows,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var n = 0;
            await foreach (var row in inner.ReadAsync(skipRows, cancellationToken))
            {
                if (++n > stallAfter)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                yield return row;
            }
        }

        public void Dispose() => inner.Dispose();
    }
}
