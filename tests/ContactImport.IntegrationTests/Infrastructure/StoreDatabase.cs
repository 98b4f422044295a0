using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// The store fixture: a fresh, empty database for one test plus a private temp folder for its files: a SQLite
/// file, or a new PostgreSQL database from <see cref="PostgresServer.CreateDatabaseAsync"/> (dropped on dispose).
/// Parallel-safe: nothing is shared between tests.
/// </summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    private readonly TestDatabase? _postgres;

    private StoreDatabase(StoreKind kind, string db, string folder, TestDatabase? postgres)
    {
        Kind = kind;
        Db = db;
        Folder = folder;
        _postgres = postgres;
    }

    public StoreKind Kind { get; }

    /// <summary>What <c>--db</c> takes: the SQLite file path or the PostgreSQL connection string.</summary>
    public string Db { get; }

    /// <summary>A temp folder owned by this test (CSV files, error reports).</summary>
    public string Folder { get; }

    public static async Task<StoreDatabase> CreateAsync(StoreKind kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "contactimport-it", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (kind == StoreKind.Sqlite)
        {
            return new StoreDatabase(kind, Path.Combine(folder, "contacts.db"), folder, null);
        }

        try
        {
            var postgres = await PostgresServer.CreateDatabaseAsync();
            return new StoreDatabase(kind, postgres.ConnectionString, folder, postgres);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Opens the product's store on this database (not yet migrated).</summary>
    public Store OpenStore() => StoreFactory.Create(Db);

    /// <summary>Opens the store and applies the migrations.</summary>
    public async Task<Store> OpenMigratedStoreAsync()
    {
        var store = OpenStore();
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>Every contact of the company, in id order, as comparable snapshots.</summary>
    public async Task<List<ContactSnapshot>> ContactsAsync(string company = "default")
    {
        await using var store = await OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync(company, CancellationToken.None);
        var list = new List<ContactSnapshot>();
        await foreach (var c in store.Contacts.ReadAllAsync(companyId, CancellationToken.None))
        {
            list.Add(ContactSnapshot.From(c));
        }

        return list;
    }

    /// <summary>The contact with this e-mail (normalized), or a failure.</summary>
    public async Task<ContactSnapshot> ContactAsync(string email, string company = "default")
    {
        var all = await ContactsAsync(company);
        var hit = all.Where(c => c.Email == email).ToList();
        hit.Should().ContainSingle($"exactly one contact has the e-mail {email}");
        return hit[0];
    }

    public async Task<StoredContact[]> StoredContactsAsync(string company = "default")
    {
        await using var store = await OpenMigratedStoreAsync();
        var companyId = await store.EnsureCompanyAsync(company, CancellationToken.None);
        var list = new List<StoredContact>();
        await foreach (var c in store.Contacts.ReadAllAsync(companyId, CancellationToken.None))
        {
            list.Add(c);
        }

        return [.. list];
    }

    /// <summary>Runs SQL of this store's dialect on the database (a rule the product does not know, a fault).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one number with SQL of this store's dialect.</summary>
    public async Task<long> ScalarAsync(string sql) =>
        Convert.ToInt64(await ValueAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads one text value with SQL of this store's dialect.</summary>
    public async Task<string?> TextAsync(string sql) => await ValueAsync(sql) as string;

    private async Task<object?> ValueAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    private DbConnection Connect() => Kind == StoreKind.Sqlite
        ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString())
        : new NpgsqlConnection(Db);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow runner: the OS temp cleanup takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
