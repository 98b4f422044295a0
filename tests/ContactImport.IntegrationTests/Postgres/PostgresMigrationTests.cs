using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;
using ContactImport.Storage.Postgres;

namespace ContactImport.IntegrationTests.Postgres;

public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task Four_stores_migrating_one_empty_database_at_once_apply_each_migration_exactly_once()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        var stores = Enumerable.Range(0, 4).Select(_ => StoreFactory.Create(db.Db)).ToArray();
        try
        {
            using var start = new Barrier(4);
            var versions = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await store.MigrateAsync(CancellationToken.None);
            })));

            versions.Should().OnlyContain(v => v == versions[0]).And.OnlyContain(v => v >= 1);
            // Numbers are taken per branch (one may land before another), so count rows, not the highest version.
            var applied = await db.ScalarAsync("SELECT count(*) FROM schema_migrations");
            (await db.ScalarAsync("SELECT max(version) FROM schema_migrations"))
                .Should().Be(versions[0]);
            (await db.ScalarAsync("SELECT count(DISTINCT version) FROM schema_migrations"))
                .Should().Be(applied);

            // Idempotent: running again changes nothing.
            (await stores[0].MigrateAsync(CancellationToken.None)).Should().Be(versions[0]);
            (await db.ScalarAsync("SELECT count(*) FROM schema_migrations"))
                .Should().Be(applied);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_schema_uses_native_types_and_keys_every_unique_index_by_company()
    {
        await using var db = await StoreDatabase.CreateAsync(StoreKind.Postgres);
        await using (var store = StoreFactory.Create(db.Db))
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        async Task<string?> TypeOf(string table, string column) => await db.TextAsync($"SELECT data_type FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'");

        (await TypeOf("contacts", "id")).Should().Be("bigint");
        (await TypeOf("contacts", "tags")).Should().Be("jsonb");
        (await TypeOf("contacts", "custom_fields")).Should().Be("jsonb");
        (await TypeOf("contacts", "imported_from")).Should().Be("uuid");
        (await TypeOf("contacts", "updated_at")).Should().Be("timestamp with time zone");
        (await TypeOf("imports", "id")).Should().Be("uuid");
        (await TypeOf("contact_changes", "before")).Should().Be("jsonb");

        var uniqueKeys = await db.TextAsync("SELECT string_agg(pg_get_indexdef(indexrelid), ' | ' ORDER BY 1) FROM pg_index " +
            "WHERE indrelid = 'contacts'::regclass AND indisunique AND NOT indisprimary");
        uniqueKeys.Should().Contain("(company_id, email)").And.Contain("(company_id, external_id)");
    }
}
