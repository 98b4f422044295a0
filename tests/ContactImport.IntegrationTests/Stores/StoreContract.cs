using ContactImport.Core.Imports;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

/// <summary>
/// Base of the per-area contract suites (like River's driver tests): each suite is an abstract class written once
/// against <see cref="Store"/>, with one tiny subclass per store. Every test gets its own fresh, migrated database,
/// so no assertion depends on another test's data.
/// </summary>
public abstract class StoreContract(StoreKind kind) : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private StoreDatabase? _db;
    private Store? _store;

    protected StoreKind Kind { get; } = kind;

    protected StoreDatabase Db => _db ?? throw new InvalidOperationException("not initialized");

    protected Store Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>The company most tests work in.</summary>
    protected long Company { get; private set; }

    public async Task InitializeAsync()
    {
        _db = await StoreDatabase.CreateAsync(Kind);
        _store = await _db.OpenMigratedStoreAsync();
        Company = await _store.EnsureCompanyAsync("acme", None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    protected async Task<ImportRecord> NewImportAsync(long? company = null, ImportStatus status = ImportStatus.Uploaded,
        DateTimeOffset? createdAt = null)
    {
        var record = new ImportRecord
        {
            Id = Guid.NewGuid(), CompanyId = company ?? Company, FileName = "contacts.csv", Status = status,
            CreatedAt = createdAt ?? DateTimeOffset.UtcNow,
        };
        await Store.Imports.CreateAsync(record, None);
        return record;
    }
}
