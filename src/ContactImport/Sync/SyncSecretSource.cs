using System.Globalization;
using ContactImport.Core.Sync;
using ContactImport.Storage;

namespace ContactImport.Sync;

/// <summary>
/// Where the sync secrets come from, never the database: configuration <c>ContactImport:Sync:Secrets:&lt;version&gt;</c>
/// (base64), or <c>CONTACTIMPORT_SYNC_SECRET</c> (+ <c>CONTACTIMPORT_SYNC_SECRET_VERSION</c>, default 1); else, for
/// the embedded SQLite database, a key file beside it (<c>&lt;db&gt;.sync-key</c>, made on first use, mode 0600).
/// PostgreSQL without a configured secret fails only when a phone or sync feature is used, so deployments that do
/// not use them keep starting.
/// </summary>
public sealed class SyncSecretSource
{
    public const string SecretsSection = "ContactImport:Sync:Secrets";

    /// <summary>The environment variables <c>CONTACTIMPORT_SYNC_SECRET(_VERSION)</c> as configuration keys (the
    /// <c>CONTACTIMPORT_</c> prefix is stripped by the environment configuration source).</summary>
    public const string SecretKey = "SYNC_SECRET";
    public const string SecretVersionKey = "SYNC_SECRET_VERSION";

    public const string KeyFileSuffix = ".sync-key";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly Lazy<SyncKeyring> _keyring;

    public SyncSecretSource(IConfiguration configuration, string database)
    {
        _keyring = new Lazy<SyncKeyring>(() => Load(configuration, database), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The keyring; <see cref="SyncSecretUnavailableException"/> when there is no usable secret.</summary>
    public SyncKeyring Keyring => _keyring.Value;

    /// <summary>The key file of an embedded database, null for PostgreSQL.</summary>
    public static string? KeyFileFor(string database) =>
        StoreFactory.IsPostgres(database) ? null : Path.GetFullPath(database) + KeyFileSuffix;

    private static SyncKeyring Load(IConfiguration configuration, string database)
    {
        var configured = FromConfiguration(configuration);
        if (configured.Count > 0)
        {
            return new SyncKeyring(configured);
        }

        var keyFile = KeyFileFor(database) ?? throw new SyncSecretUnavailableException(
            "Contact sync and user phones need a server secret: set CONTACTIMPORT_SYNC_SECRET to the base64 of at least " +
            $"{SyncKeyring.MinSecretBytes} random bytes (or configure {SecretsSection}:<version>). It must stay outside " +
            "the database.");
        return new SyncKeyring(ReadOrCreateKeyFile(keyFile));
    }

    private static List<(int Version, byte[] Secret)> FromConfiguration(IConfiguration configuration)
    {
        var secrets = new List<(int, byte[])>();
        foreach (var entry in configuration.GetSection(SecretsSection).GetChildren())
        {
            secrets.Add((ParseVersion(entry.Key, $"{SecretsSection}:{entry.Key}"), Decode(entry.Value, $"{SecretsSection}:{entry.Key}")));
        }

        if (configuration[SecretKey] is { Length: > 0 } single)
        {
            var version = configuration[SecretVersionKey] is { Length: > 0 } v ? ParseVersion(v, "CONTACTIMPORT_SYNC_SECRET_VERSION") : 1;
            secrets.Add((version, Decode(single, "CONTACTIMPORT_SYNC_SECRET")));
        }

        return secrets;
    }

    private static List<(int Version, byte[] Secret)> ReadOrCreateKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            Create(path);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
        {
            throw new SyncSecretUnavailableException(
                $"The sync key file {path} is accessible to other users; restrict it (chmod 600 {path}) and start again.");
        }

        var secrets = new List<(int, byte[])>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Trim() is not { Length: > 0 } text || text.StartsWith('#'))
            {
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1)
            {
                throw new SyncSecretUnavailableException($"The sync key file {path} has a line that is not 'version:base64'.");
            }

            secrets.Add((ParseVersion(text[..colon], path), Decode(text[(colon + 1)..], path)));
        }

        return secrets;
    }

    /// <summary>Writes a new secret to a private temporary file and links it into place, so a second process starting
    /// at the same moment either finds the whole file or keeps the one that won.</summary>
    private static void Create(string path)
    {
        var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SyncKeyring.MinSecretBytes);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            writer.WriteLine("# ContactImport sync secret: keep it private and back it up apart from the database.");
            writer.WriteLine("1:" + Convert.ToBase64String(secret));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    private static int ParseVersion(string text, string where) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version is >= 1 and <= 255
            ? version
            : throw new SyncSecretUnavailableException($"{where}: the secret version '{text}' is not a number from 1 to 255.");

    private static byte[] Decode(string? base64, string where)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(base64?.Trim() ?? "");
        }
        catch (FormatException)
        {
            throw new SyncSecretUnavailableException($"{where}: the sync secret is not base64.");
        }

        return secret.Length >= SyncKeyring.MinSecretBytes
            ? secret
            : throw new SyncSecretUnavailableException(
                $"{where}: the sync secret has {secret.Length} bytes; at least {SyncKeyring.MinSecretBytes} are needed.");
    }
}

/// <summary>No usable sync secret: the message says what to configure (it never contains a secret).</summary>
public sealed class SyncSecretUnavailableException(string message) : InvalidOperationException(message);
