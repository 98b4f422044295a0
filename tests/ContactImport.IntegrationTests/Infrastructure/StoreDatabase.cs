using System.Data.Common;
using ContactImport.Core.Contacts;
using ContactImport.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test plus a private temp folder for its files: a SQLite file, or a new
/// PostgreSQL database (<c>CREATE DATABASE ci_…</c> on the server named by <c>CONTACTIMPORT_TEST_PG</c>,
/// dropped <c>WITH (FORCE)</c> on dispose). Parallel-safe: nothing is shared between tests.
/// </summary>
public sealed class StoreDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CONTACTIMPORT_TEST_PG";

    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private StoreDatabase(StoreKind kind, string db, string folder, string? adminConnectionString, string? databaseName)
    {
        Kind = kind;
        Db = db;
        Folder = folder;
        _adminConnectionString = adminConnectionString;
        _databaseName = databaseName;
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
            return new StoreDatabase(kind, Path.Combine(folder, "contacts.db"), folder, null, null);
        }

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException(
                $"PostgreSQL tests need a server: set {PostgresVariable} (e.g. " +
                "\"Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres\") or run scripts/test.sh");
        }

        var name = "ci_" + Guid.NewGuid().ToString("N")[..20];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }

        var db = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new StoreDatabase(kind, db, folder, admin, name);
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
        await using DbConnection connection = Kind == StoreKind.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Db, Pooling = false }.ToString())
            : new NpgsqlConnection(Db);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is not null)
        {
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await cmd.ExecuteNonQueryAsync();
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
