using System.Runtime.CompilerServices;
using ContactImport.Core.Sync;
using ContactImport.Storage;

namespace ContactImport.Sync;

/// <summary>
/// The users' verified phones as keyed hashes per live salt, which syncs match against. A new salt or a new key
/// version rebuilds a salt's keys from the encrypted phones (decrypted only here, in memory, one at a time).
/// </summary>
public sealed class SyncUserKeys(Store store, SyncSecretSource secrets)
{
    private SyncKeyring Keyring => secrets.Keyring;

    public async Task EnsureAsync(long companyId, SyncSalt salt, CancellationToken ct)
    {
        var version = Keyring.CurrentVersion;
        if (salt.UserKeysVersion != version)
        {
            await store.Sync.RebuildSaltKeysAsync(companyId, salt.SaltId, version, KeysAsync(companyId, salt.Salt, version, ct), ct);
        }
    }

    /// <summary>The keys of one phone under every live salt (the current key version).</summary>
    public async Task<IReadOnlyList<SyncUserKey>> KeysOfAsync(long companyId, string e164, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        await store.Sync.CurrentSaltAsync(companyId, now, SyncSalts.New, ct);
        var version = Keyring.CurrentVersion;
        var key = Keyring.CompanyKey(companyId, version);
        return [.. (await store.Sync.LiveSaltsAsync(companyId, now, ct))
            .Select(s => new SyncUserKey(s.SaltId, version, PhoneHash.Keyed(key, PhoneHash.ClientHash(s.Salt, e164))))];
    }

    private async IAsyncEnumerable<(long UserId, byte[] K)> KeysAsync(long companyId, string salt, int version,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var keyer = new PhoneHash.Keyer(Keyring.CompanyKey(companyId, version));
        await foreach (var (userId, encrypted) in store.Users.ReadVerifiedPhonesAsync(companyId, ct))
        {
            yield return (userId, keyer.Key(PhoneHash.ClientHash(salt, Keyring.DecryptPhone(companyId, encrypted))));
        }
    }
}

/// <summary>A new public salt: 128 random bits, base64url.</summary>
public static class SyncSalts
{
    public static string New() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
