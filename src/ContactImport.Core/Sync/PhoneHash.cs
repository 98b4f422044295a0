using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ContactImport.Core.Sync;

/// <summary>
/// The sync hashing recipe. A client sends <c>h</c> (<see cref="ClientHash"/>) or the E.164 number, from which the
/// server computes <c>h</c> alike; only <c>k</c> = <see cref="Keyed"/>(K_company, h) is stored, because an unkeyed
/// hash of a phone number is reversed by trying every number of a numbering plan.
/// </summary>
public static class PhoneHash
{
    /// <summary>Characters of a base64url SHA-256 without padding.</summary>
    public const int ClientHashLength = 43;

    /// <summary><c>h</c> = base64url-no-padding(SHA-256(UTF-8("cd1|" + salt + "|" + e164))).</summary>
    public static string ClientHash(string salt, string e164) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("cd1|" + salt + "|" + e164)));

    /// <summary><c>k</c> = HMAC-SHA256(companyKey, UTF-8(clientHash)).</summary>
    public static byte[] Keyed(byte[] companyKey, string clientHash) =>
        HMACSHA256.HashData(companyKey, Encoding.UTF8.GetBytes(clientHash));

    /// <summary>One company key's <see cref="Keyed"/> for many hashes: the HMAC context is set up once (a one-shot
    /// HMAC per number costs twice as much). Not thread-safe: one per request.</summary>
    public sealed class Keyer(byte[] companyKey) : IDisposable
    {
        private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, companyKey);

        public byte[] Key(string clientHash)
        {
            Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(ClientHashLength)];
            if (clientHash.Length <= ClientHashLength)
            {
                _hmac.AppendData(utf8[..Encoding.UTF8.GetBytes(clientHash, utf8)]);
            }
            else
            {
                _hmac.AppendData(Encoding.UTF8.GetBytes(clientHash));
            }

            return _hmac.GetHashAndReset();
        }

        public void Dispose() => _hmac.Dispose();
    }

    /// <summary>Whether <paramref name="s"/> is a canonical <c>h</c>: 43 base64url characters encoding 32 bytes.</summary>
    public static bool IsClientHash(string? s)
    {
        if (s is null || s.Length != ClientHashLength)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        // The last character carries 4 bits of the hash and 2 zero bits: any other would decode to the same bytes.
        return "AEIMQUYcgkosw048".Contains(s[^1], StringComparison.Ordinal);
    }
}
