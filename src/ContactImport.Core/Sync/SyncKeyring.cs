using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ContactImport.Core.Sync;

/// <summary>
/// The server's sync secrets (kept outside the database) and the keys derived from them per company. The highest
/// version is current; older versions stay so that data written under them can still be read while a secret is
/// rotated.
/// </summary>
public sealed class SyncKeyring
{
    /// <summary>A secret shorter than this would be weaker than the SHA-256 it keys.</summary>
    public const int MinSecretBytes = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const string CompanyInfo = "contactimport/sync/company/";
    private const string PhoneInfo = "contactimport/sync/phone/";

    private readonly Dictionary<int, byte[]> _secrets = [];

    public SyncKeyring(params IEnumerable<(int Version, byte[] Secret)> secrets)
    {
        foreach (var (version, secret) in secrets)
        {
            // The version is the first byte of every encrypted phone.
            if (version is < 1 or > byte.MaxValue)
            {
                throw new ArgumentException($"Sync secret version {version} is out of range 1–255.", nameof(secrets));
            }

            if (secret.Length < MinSecretBytes)
            {
                throw new ArgumentException(
                    $"Sync secret version {version} has {secret.Length} bytes; at least {MinSecretBytes} are needed.", nameof(secrets));
            }

            if (!_secrets.TryAdd(version, secret.ToArray()))
            {
                throw new ArgumentException($"Sync secret version {version} is given twice.", nameof(secrets));
            }
        }

        if (_secrets.Count == 0)
        {
            throw new ArgumentException("At least one sync secret is needed.", nameof(secrets));
        }

        CurrentVersion = _secrets.Keys.Max();
    }

    public int CurrentVersion { get; }

    /// <summary>The versions this keyring can read, oldest first.</summary>
    public IEnumerable<int> Versions => _secrets.Keys.Order();

    /// <summary><c>K_company</c>: HKDF-SHA256 of the secret of <paramref name="version"/>, 32 bytes.</summary>
    public byte[] CompanyKey(long companyId, int version) => Derive(CompanyInfo, companyId, version);

    /// <summary>Encrypts an E.164 number under the current version: version byte + nonce + tag + ciphertext.</summary>
    public byte[] EncryptPhone(long companyId, string e164)
    {
        var plain = Encoding.UTF8.GetBytes(e164);
        var blob = new byte[1 + NonceBytes + TagBytes + plain.Length];
        blob[0] = (byte)CurrentVersion;
        var nonce = blob.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Derive(PhoneInfo, companyId, CurrentVersion), TagBytes);
        aes.Encrypt(nonce, plain, blob.AsSpan(1 + NonceBytes + TagBytes), blob.AsSpan(1 + NonceBytes, TagBytes));
        return blob;
    }

    /// <summary>The number in <paramref name="blob"/>; a <see cref="CryptographicException"/> when it was altered, is
    /// another company's, or was written under a secret version this keyring does not have.</summary>
    public string DecryptPhone(long companyId, byte[] blob)
    {
        if (blob.Length < 1 + NonceBytes + TagBytes)
        {
            throw new CryptographicException("The encrypted phone is too short.");
        }

        int version = blob[0];
        if (!_secrets.ContainsKey(version))
        {
            throw new CryptographicException($"The encrypted phone needs sync secret version {version}, which is not configured.");
        }

        var plain = new byte[blob.Length - 1 - NonceBytes - TagBytes];
        using var aes = new AesGcm(Derive(PhoneInfo, companyId, version), TagBytes);
        aes.Decrypt(blob.AsSpan(1, NonceBytes), blob.AsSpan(1 + NonceBytes + TagBytes), blob.AsSpan(1 + NonceBytes, TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Derive(string purpose, long companyId, int version)
    {
        if (!_secrets.TryGetValue(version, out var secret))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "No sync secret has this version.");
        }

        var info = Encoding.UTF8.GetBytes(purpose + companyId.ToString(CultureInfo.InvariantCulture));
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info);
    }
}
