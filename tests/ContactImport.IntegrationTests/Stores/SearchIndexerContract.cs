using ContactImport.Core.Pipeline;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteSearchIndexerTests() : SearchIndexerContract(StoreKind.Sqlite);

public sealed class PostgresSearchIndexerTests() : SearchIndexerContract(StoreKind.Postgres);

/// <summary>The background indexer (Workers/SearchIndexer.cs) yields to this process's writes: one pass per busy
/// interval while an import or bulk call has a write session open, all the rest once it closes.</summary>
public abstract class SearchIndexerContract(StoreKind kind) : StoreContract(kind)
{
    private const int Contacts = 3 * 1000;

    [Fact]
    public async Task The_indexer_takes_one_pass_while_a_write_session_is_open_and_catches_up_once_it_closes()
    {
        // Three statements of 1,000: more than one pass on either store (PostgreSQL queues one row per statement).
        var now = Kind == StoreKind.Sqlite ? "0" : "now()";
        for (var part = 0; part < 3; part++)
        {
            await Db.ExecuteAsync($"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
                INSERT INTO contacts (company_id, email, last_name, created_at, updated_at, version)
                SELECT {Company}, 'p{part}-' || i || '@x.test', 'Smith', {now}, {now}, 1 FROM n
                """);
        }

        IImportSession? session = await Store.Batches.OpenSessionAsync(Company, singleTransaction: false, None);
        var indexer = new SearchIndexer(Store, new StoreResilience(Store.Batches.Classify), NullLogger<SearchIndexer>.Instance,
            busyInterval: TimeSpan.FromHours(1));
        await indexer.StartAsync(None);
        try
        {
            var first = await WaitForIndexedAsync(count => count > 0);
            first.Should().BeLessThan(Contacts);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            (await IndexedAsync()).Should().Be(first, "no second pass while the session is open");

            await session.DisposeAsync();
            session = null;
            (await WaitForIndexedAsync(count => count == Contacts)).Should().Be(Contacts);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            await indexer.StopAsync(None);
        }
    }

    private Task<long> IndexedAsync() => Db.ScalarAsync("SELECT count(*) FROM contact_search");

    private async Task<long> WaitForIndexedAsync(Func<long, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var count = await IndexedAsync();
            if (done(count) || DateTime.UtcNow > deadline)
            {
                return count;
            }

            await Task.Delay(50);
        }
    }
}
