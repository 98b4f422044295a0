using ContactImport.Core.Pipeline;
using ContactImport.Storage.Sql;

namespace ContactImport.Storage;

/// <summary>
/// One database (SQLite or PostgreSQL) seen through one small contract per area. Every call that reads or writes
/// tenant data takes the company id. Both dialects pass the same contract suites (tests/…/Stores).
/// </summary>
public sealed class Store : IAsyncDisposable
{
    private readonly SqlDatabase _db;

    internal Store(SqlDatabase db, IImportTarget batches)
    {
        _db = db;
        Batches = Writes.Track(batches);
        Imports = new SqlImportStore(db);
        Contacts = new SqlContactStore(db);
        Jobs = new SqlJobStore(db);
        Uploads = new SqlUploadStore(db);
        Keys = new SqlKeyStore(db);
        Notifications = new SqlNotificationStore(db);
        Users = new SqlUserStore(db);
        ChangeSets = new SqlChangeSetStore(db);
        Bulk = new SqlBulkStore(db);
        Idempotency = new SqlIdempotencyStore(db);
        Sync = new SqlSyncStore(db);
        SearchIndex = new SqlSearchIndexStore(db);
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Kind => _db.Kind;

    public IImportStore Imports { get; }

    public IContactStore Contacts { get; }

    /// <summary>The import's hot path: look-up and bulk write of a batch, per dialect.</summary>
    public IImportTarget Batches { get; }

    /// <summary>This process's open sessions on <see cref="Batches"/>: the search indexer waits for a pause in them.</summary>
    public WriteSessions Writes { get; } = new();

    public IJobStore Jobs { get; }

    public IUploadStore Uploads { get; }

    public IKeyStore Keys { get; }

    public INotificationStore Notifications { get; }

    /// <summary>Users of a company: phones (encrypted), discoverability, display names.</summary>
    public IUserStore Users { get; }
    /// <summary>update-where's change sets (before-images) and their undo.</summary>
    public IChangeSetStore ChangeSets { get; }

    /// <summary>The bulk API's reads by id and bulk deletes (its inserts and updates go through <see cref="Batches"/>).</summary>
    public IBulkStore Bulk { get; }

    public IIdempotencyStore Idempotency { get; }

    /// <summary>Contact sync for mobile apps: salts, keyed hashes of owners' sets, per-request aggregates.</summary>
    public ISyncStore Sync { get; }

    /// <summary>The contact search index, kept in the background.</summary>
    public ISearchIndexStore SearchIndex { get; }

    /// <summary>Applies pending versioned migrations; returns the schema version.</summary>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => _db.MigrateAsync(cancellationToken);

    public Task<long> EnsureCompanyAsync(string name, CancellationToken cancellationToken) =>
        _db.EnsureCompanyAsync(name, cancellationToken);

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
