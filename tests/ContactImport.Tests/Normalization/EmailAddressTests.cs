using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("anna@example.com", "anna@example.com")]
    [InlineData("  Anna.Schmidt@Example.COM ", "anna.schmidt@example.com")]
    [InlineData("o'brien+news@mail.example.ie", "o'brien+news@mail.example.ie")]
    [InlineData("JOSÉ@Exämple.es", "josé@exämple.es")]
    [InlineData("用户@例子.中国", "用户@例子.中国")]
    public void Valid_addresses_are_trimmed_and_lower_cased(string raw, string expected)
    {
        EmailAddress.TryNormalize(raw, out var normalized, out var reason).Should().BeTrue(reason);
        normalized.Should().Be(expected);
        reason.Should().BeNull();
    }

    [Fact]
    public void An_already_normalized_address_is_returned_without_a_copy()
    {
        const string email = "anna@example.com";
        EmailAddress.TryNormalize(email, out var normalized, out _).Should().BeTrue();
        normalized.Should().BeSameAs(email);
    }

    [Theory]
    [InlineData("anna.example.com", "invalid e-mail: missing @")]
    [InlineData("anna@@example.com", "invalid e-mail: more than one @")]
    [InlineData("a@b@example.com", "invalid e-mail: more than one @")]
    [InlineData("@example.com", "invalid e-mail: nothing before @")]
    [InlineData("anna@", "invalid e-mail: nothing after @")]
    [InlineData("anna@localhost", "invalid e-mail: the domain has no dot")]
    [InlineData("anna@.example.com", "invalid e-mail: the domain has an empty part")]
    [InlineData("anna@example.com.", "invalid e-mail: the domain has an empty part")]
    [InlineData("anna@example..com", "invalid e-mail: the domain has an empty part")]
    [InlineData("anna smith@example.com", "invalid e-mail: contains whitespace")]
    [InlineData("Anna <anna@example.com>", "invalid e-mail: contains whitespace")]
    [InlineData("anna@example.com,bob@example.com", "invalid e-mail: contains ','")]
    [InlineData("   ", "invalid e-mail: empty")]
    public void Invalid_addresses_are_rejected_with_a_reason(string raw, string expected)
    {
        EmailAddress.TryNormalize(raw, out var normalized, out var reason).Should().BeFalse();
        normalized.Should().BeEmpty();
        reason.Should().Be(expected);
    }

    [Fact]
    public void Local_part_is_limited_to_64_characters()
    {
        EmailAddress.TryNormalize(new string('a', 64) + "@example.com", out _, out _).Should().BeTrue();
        EmailAddress.TryNormalize(new string('a', 65) + "@example.com", out _, out var reason).Should().BeFalse();
        reason.Should().Be("invalid e-mail: the part before @ is 65 characters, the limit is 64");
    }

    [Fact]
    public void Address_is_limited_to_254_characters()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)); // 243 chars
        EmailAddress.TryNormalize("abcdefghij@" + domain, out _, out _).Should().BeTrue(); // 254
        EmailAddress.TryNormalize("abcdefghijk@" + domain, out _, out var reason).Should().BeFalse();
        reason.Should().Be("invalid e-mail: 255 characters, the limit is 254");
    }
}
