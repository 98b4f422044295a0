using ContactImport.Sync;
using Microsoft.Extensions.Configuration;

namespace ContactImport.IntegrationTests.Sync;

/// <summary>Where the sync secret comes from: configuration first, else a private key file beside a SQLite database,
/// else (PostgreSQL) an error that says what to configure, raised only when the secret is needed.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class SyncSecretSourceTests : IDisposable
{
    private const string Postgres = "Host=127.0.0.1;Port=5432;Username=nobody;Database=nothing";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "contactimport-secret-" + Guid.NewGuid().ToString("N"));

    public SyncSecretSourceTests() => Directory.CreateDirectory(_folder);

    private string Database => Path.Combine(_folder, "contacts.db");

    [Fact]
    public void The_embedded_database_gets_a_private_key_file_on_first_use_and_keeps_using_it()
    {
        var first = new SyncSecretSource(Configuration(), Database);
        File.Exists(Database + ".sync-key").Should().BeFalse("nothing is written before the secret is needed");

        var key = first.Keyring.CompanyKey(1, first.Keyring.CurrentVersion);

        var file = Database + ".sync-key";
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        new SyncSecretSource(Configuration(), Database).Keyring.CompanyKey(1, 1).Should().Equal(key);
    }

    [Fact]
    public void A_key_file_readable_by_others_is_refused()
    {
        _ = new SyncSecretSource(Configuration(), Database).Keyring;
        File.SetUnixFileMode(Database + ".sync-key", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var read = () => new SyncSecretSource(Configuration(), Database).Keyring;

        read.Should().Throw<SyncSecretUnavailableException>().WithMessage("*accessible to other users*chmod 600*");
    }

    [Fact]
    public void PostgreSQL_without_a_configured_secret_fails_only_when_the_secret_is_used_and_says_what_to_set()
    {
        var source = new SyncSecretSource(Configuration(), Postgres);

        var read = () => source.Keyring;

        read.Should().Throw<SyncSecretUnavailableException>().WithMessage("*CONTACTIMPORT_SYNC_SECRET*");
    }

    [Fact]
    public void The_environment_secret_and_its_version_win_over_the_key_file()
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var configuration = Configuration(("SYNC_SECRET", Convert.ToBase64String(secret)), ("SYNC_SECRET_VERSION", "3"));

        var keyring = new SyncSecretSource(configuration, Database).Keyring;

        keyring.CurrentVersion.Should().Be(3);
        keyring.CompanyKey(5, 3).Should().Equal(new Core.Sync.SyncKeyring((3, secret)).CompanyKey(5, 3));
        File.Exists(Database + ".sync-key").Should().BeFalse();
    }

    [Fact]
    public void Configured_secrets_by_version_make_the_highest_current_and_keep_the_older_readable()
    {
        var configuration = Configuration(
            ("ContactImport:Sync:Secrets:1", Convert.ToBase64String(new byte[32])),
            ("ContactImport:Sync:Secrets:2", Convert.ToBase64String(Enumerable.Repeat((byte)7, 48).ToArray())));

        var keyring = new SyncSecretSource(configuration, Postgres).Keyring;

        keyring.CurrentVersion.Should().Be(2);
        keyring.Versions.Should().Equal(1, 2);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "*5 bytes*at least 32*")]
    [InlineData("not base64!", "*not base64*")]
    public void A_short_or_malformed_configured_secret_is_refused_with_the_reason(string value, string message)
    {
        var read = () => new SyncSecretSource(Configuration(("SYNC_SECRET", value)), Postgres).Keyring;

        read.Should().Throw<SyncSecretUnavailableException>().WithMessage(message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
