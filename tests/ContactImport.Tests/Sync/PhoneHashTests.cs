using System.Security.Cryptography;
using System.Text;
using ContactImport.Core.Sync;

namespace ContactImport.Tests.Sync;

public sealed class PhoneHashTests
{
    [Fact]
    public void The_client_hash_is_base64url_without_padding_of_the_sha256_of_the_documented_recipe()
    {
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("cd1|s4lt|+14155550123")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var hash = PhoneHash.ClientHash("s4lt", "+14155550123");

        hash.Should().Be(expected).And.HaveLength(43);
        PhoneHash.IsClientHash(hash).Should().BeTrue();
    }

    [Fact]
    public void The_client_hash_depends_on_the_salt()
    {
        PhoneHash.ClientHash("a", "+14155550123").Should().NotBe(PhoneHash.ClientHash("b", "+14155550123"));
    }

    [Fact]
    public void The_keyed_hash_is_hmac_sha256_of_the_client_hash_under_the_company_key()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var h = PhoneHash.ClientHash("s", "+32475123456");

        PhoneHash.Keyed(key, h).Should().Equal(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(h)));
    }

    [Fact]
    public void A_reused_keyer_gives_each_hash_the_same_key_as_the_one_shot_hmac()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        using var keyer = new PhoneHash.Keyer(key);

        foreach (var value in new[] { "+32475123456", "+14155550123", "+818012345678" })
        {
            var h = PhoneHash.ClientHash("s", value);
            keyer.Key(h).Should().Equal(PhoneHash.Keyed(key, h), "the keyer resets between numbers");
        }

        keyer.Key("not-a-canonical-hash-and-longer-than-forty-three-characters").Should()
            .Equal(PhoneHash.Keyed(key, "not-a-canonical-hash-and-longer-than-forty-three-characters"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 42
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // padding
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")] // base64, not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB")] // non-zero trailing bits
    [InlineData("+14155550123")]
    public void Anything_but_43_canonical_base64url_characters_is_not_a_client_hash(string? text)
    {
        PhoneHash.IsClientHash(text).Should().BeFalse();
    }

    [Fact]
    public void Forty_three_canonical_base64url_characters_are_a_client_hash()
    {
        PhoneHash.IsClientHash("-_" + new string('A', 40) + "E").Should().BeTrue();
    }
}
