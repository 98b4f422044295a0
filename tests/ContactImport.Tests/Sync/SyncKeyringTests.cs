using System.Security.Cryptography;
using System.Text;
using ContactImport.Core.Sync;

namespace ContactImport.Tests.Sync;

public sealed class SyncKeyringTests
{
    private static readonly byte[] SecretOne = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] SecretTwo = Enumerable.Range(100, 40).Select(i => (byte)i).ToArray();

    [Fact]
    public void The_company_key_is_hkdf_sha256_of_the_secret_with_the_documented_info()
    {
        var keyring = new SyncKeyring((1, SecretOne));

        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, SecretOne, 32, [], Encoding.UTF8.GetBytes("contactimport/sync/company/42"));

        keyring.CompanyKey(42, 1).Should().Equal(expected);
        keyring.CompanyKey(43, 1).Should().NotEqual(expected);
    }

    [Fact]
    public void The_highest_version_is_current_and_each_version_has_its_own_key()
    {
        var keyring = new SyncKeyring((2, SecretTwo), (1, SecretOne));

        keyring.CurrentVersion.Should().Be(2);
        keyring.Versions.Should().Equal(1, 2);
        keyring.CompanyKey(7, 1).Should().NotEqual(keyring.CompanyKey(7, 2));
    }

    [Fact]
    public void A_phone_round_trips_and_its_blob_holds_version_nonce_tag_and_ciphertext_but_not_the_number()
    {
        var keyring = new SyncKeyring((1, SecretOne));

        var blob = keyring.EncryptPhone(42, "+32475123456");

        blob[0].Should().Be(1);
        blob.Length.Should().Be(1 + 12 + 16 + "+32475123456".Length);
        Encoding.ASCII.GetString(blob).Should().NotContain("32475123456");
        keyring.DecryptPhone(42, blob).Should().Be("+32475123456");
        keyring.EncryptPhone(42, "+32475123456").Should().NotEqual(blob, "every encryption draws a fresh nonce");
    }

    [Fact]
    public void A_phone_written_under_an_old_version_is_read_after_rotation_and_new_ones_use_the_new_version()
    {
        var old = new SyncKeyring((1, SecretOne)).EncryptPhone(42, "+32475123456");
        var rotated = new SyncKeyring((1, SecretOne), (2, SecretTwo));

        rotated.DecryptPhone(42, old).Should().Be("+32475123456");
        rotated.EncryptPhone(42, "+32475123456")[0].Should().Be(2);
    }

    [Fact]
    public void Another_companys_blob_an_altered_blob_and_an_unknown_version_are_refused()
    {
        var keyring = new SyncKeyring((1, SecretOne));
        var blob = keyring.EncryptPhone(42, "+32475123456");
        var altered = blob.ToArray();
        altered[^1] ^= 1;

        FluentActions.Invoking(() => keyring.DecryptPhone(43, blob)).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => keyring.DecryptPhone(42, altered)).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => new SyncKeyring((2, SecretTwo)).DecryptPhone(42, blob)).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => keyring.DecryptPhone(42, [1, 2, 3])).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void Short_duplicate_out_of_range_or_missing_secrets_are_refused()
    {
        FluentActions.Invoking(() => new SyncKeyring((1, new byte[31]))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new SyncKeyring((1, SecretOne), (1, SecretTwo))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new SyncKeyring((0, SecretOne))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new SyncKeyring((256, SecretOne))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new SyncKeyring()).Should().Throw<ArgumentException>();
    }
}
