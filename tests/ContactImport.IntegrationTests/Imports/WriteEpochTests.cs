using ContactImport.Core.Contacts;
using ContactImport.Core.Pipeline;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>
/// The store's write epoch, on which an import's skipped look-ups rely (KnownKeys): another writer's contact between
/// two batches must move it; the import's own writes may not hide it.
/// </summary>
public sealed class WriteEpochTests
{
    [Theory, BothStores]
    public async Task A_contact_created_elsewhere_between_two_batches_moves_the_write_epoch(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        await using var session = await store.Batches.OpenSessionAsync(companyId, singleTransaction: false, CancellationToken.None);

        long? before;
        await using (var first = await session.BeginBatchAsync(CancellationToken.None))
        {
            (await first.CompanyHasContactsAsync(CancellationToken.None)).Should().BeFalse();
            before = await first.ReadWriteEpochAsync(CancellationToken.None);
            await first.CommitAsync(CancellationToken.None);
        }

        // The other writer runs while the import goes on batch after batch (on SQLite it must wait for the import
        // to let it in between two batches: the import holds the write lock for its commit group).
        // (Its own thread: SQLite's busy wait blocks the calling thread.)
        var elsewhere = Task.Run(() =>
            store.Contacts.CreateAsync(companyId, new ContactValues { Email = "x@example.com" }, CancellationToken.None));
        var batches = 0;
        while (!elsewhere.IsCompleted && batches++ < 500)
        {
            await using var scope = await session.BeginBatchAsync(CancellationToken.None);
            await scope.ReadWriteEpochAsync(CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
            await Task.Delay(10);
        }

        elsewhere.IsCompleted.Should().BeTrue("the import lets another writer in between its batches");
        await using (var next = await session.BeginBatchAsync(CancellationToken.None))
        {
            var after = await next.ReadWriteEpochAsync(CancellationToken.None);
            before.Should().NotBeNull();
            after.Should().NotBe(before);
            (await next.CompanyHasContactsAsync(CancellationToken.None)).Should().BeTrue();
            await next.CommitAsync(CancellationToken.None);
        }

        await elsewhere;
        await session.CompleteAsync(commit: true, CancellationToken.None);
    }

    [Theory, BothStores]
    public async Task Without_other_writers_the_write_epoch_stands_still_between_batches(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync("default", CancellationToken.None);
        await using var session = await store.Batches.OpenSessionAsync(companyId, singleTransaction: false, CancellationToken.None);

        var epochs = new List<long?>();
        for (var i = 0; i < 3; i++)
        {
            await using var scope = await session.BeginBatchAsync(CancellationToken.None);
            epochs.Add(await scope.ReadWriteEpochAsync(CancellationToken.None));
            await scope.CommitAsync(CancellationToken.None);
        }

        epochs.Should().OnlyContain(e => e == epochs[0]).And.NotContainNulls();
        await session.CompleteAsync(commit: true, CancellationToken.None);
    }
}
