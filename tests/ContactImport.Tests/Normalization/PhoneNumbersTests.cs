using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class PhoneNumbersTests
{
    [Theory]
    [InlineData("(415) 555-0100", "US", "+14155550100")]
    [InlineData("415.555.0100", "US", "+14155550100")]
    [InlineData("1-415-555-0100", "US", "+14155550100")]
    [InlineData("+1 415 555 0100", "GB", "+14155550100")]
    [InlineData("011 44 20 7946 0958", "US", "+442079460958")]
    [InlineData("416-555-0199", "CA", "+14165550199")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+44 (0)20 7946 0958", "US", "+442079460958")]
    [InlineData("030 123456", "DE", "+4930123456")]
    [InlineData("0171 1234567", "DE", "+491711234567")]
    [InlineData("+49 30 12345678", "US", "+493012345678")]
    [InlineData("01 23 45 67 89", "FR", "+33123456789")]
    [InlineData("06.12.34.56.78", "FR", "+33612345678")]
    [InlineData("06 1234 5678", "IT", "+390612345678")]
    [InlineData("+39 06 1234 5678", "US", "+390612345678")]
    [InlineData("347 123 4567", "IT", "+393471234567")]
    [InlineData("098765 43210", "IN", "+919876543210")]
    [InlineData("98765 43210", "IN", "+919876543210")]
    [InlineData("(02) 9876 5432", "AU", "+61298765432")]
    [InlineData("0412 345 678", "AU", "+61412345678")]
    [InlineData("(11) 98765-4321", "BR", "+5511987654321")]
    [InlineData("(21) 2345-6789", "BR", "+552123456789")]
    [InlineData("8 (495) 123-45-67", "RU", "+74951234567")]
    [InlineData("+7 912 345 67 89", "US", "+79123456789")]
    [InlineData("03-1234-5678", "JP", "+81312345678")]
    [InlineData("090-1234-5678", "JP", "+819012345678")]
    [InlineData("138 0013 8000", "CN", "+8613800138000")]
    [InlineData("010 1234 5678", "CN", "+861012345678")]
    [InlineData("06 12345678", "NL", "+31612345678")]
    [InlineData("020 123 4567", "NL", "+31201234567")]
    [InlineData("612 34 56 78", "ES", "+34612345678")]
    [InlineData("06 30 123 4567", "HU", "+36301234567")]
    [InlineData("0049 30 12345678", "FR", "+493012345678")]
    [InlineData("+353 1 234 5678", "US", "+35312345678")]
    [InlineData("+998 90 123 45 67", "US", "+998901234567")]
    [InlineData("(415) 555-0100 x123", "US", "+14155550100")]
    [InlineData("415-555-0100 ext. 42", "US", "+14155550100")]
    [InlineData("415-555-0100 Ext 42", "US", "+14155550100")]
    [InlineData("415 555 0100#7", "US", "+14155550100")]
    [InlineData("  +1/415/555/0100  ", "US", "+14155550100")]
    public void Valid_numbers_normalize_to_E164(string raw, string country, string expected)
    {
        PhoneNumbers.TryNormalize(raw, country, out var e164, out var reason).Should().BeTrue(reason);
        e164.Should().Be(expected);
        reason.Should().BeNull();
    }

    [Theory]
    [InlineData("555-0100", "US", "invalid phone number for US: 7 digits, expected 10")]
    [InlineData("415 555 01001", "US", "invalid phone number for US: 11 digits, expected 10")]
    [InlineData("(015) 555-0100", "US", "invalid phone number for US: the area code cannot start with 0")]
    [InlineData("(415) 155-0100", "US", "invalid phone number for US: the exchange cannot start with 1")]
    [InlineData("020 7946", "GB", "invalid phone number for GB: 7 digits, expected 9–10")]
    [InlineData("+44 20 7946 09581234", "US", "invalid phone number for +44: 14 digits, expected 9–10")]
    [InlineData("1-800-FLOWERS", "US", "invalid phone number: contains letters")]
    [InlineData("call me", "US", "invalid phone number: contains letters")]
    [InlineData("n/a", "US", "invalid phone number: contains letters")]
    [InlineData("---", "US", "invalid phone number: no digits")]
    [InlineData("415*555*0100", "US", "invalid phone number: unexpected character '*'")]
    [InlineData("415 555 0100 x", "US", "invalid phone number: the extension must be digits")]
    [InlineData("+0 123 456 789", "US", "invalid phone number: the country calling code cannot start with 0")]
    [InlineData("+998 12", "US", "invalid phone number: 5 digits, expected 8–15 including the country code")]
    [InlineData("+998 1234 5678 9012 345", "US", "invalid phone number: 18 digits, expected 8–15 including the country code")]
    [InlineData("12345", "DE", "invalid phone number for DE: 5 digits, expected 6–13")]
    [InlineData("8 495 123", "RU", "invalid phone number for RU: 7 digits, expected 10")]
    public void Invalid_numbers_are_rejected_with_a_reason(string raw, string country, string expected)
    {
        PhoneNumbers.TryNormalize(raw, country, out var e164, out var reason).Should().BeFalse();
        e164.Should().BeEmpty();
        reason.Should().Be(expected);
    }

    [Fact]
    public void Italian_numbers_keep_their_leading_zero()
    {
        PhoneNumbers.TryNormalize("02 1234 5678", "IT", out var e164, out _).Should().BeTrue();
        e164.Should().Be("+390212345678");
    }

    [Fact]
    public void Default_country_is_case_insensitive()
    {
        PhoneNumbers.TryNormalize("020 7946 0958", "gb", out var e164, out _).Should().BeTrue();
        e164.Should().Be("+442079460958");
    }

    [Fact]
    public void An_unknown_default_country_is_an_argument_error()
    {
        var act = () => PhoneNumbers.TryNormalize("020 7946 0958", "XX", out _, out _);
        act.Should().Throw<ArgumentException>().WithMessage("*'XX'*");
    }

    [Theory]
    [InlineData("US", 1)]
    [InlineData("CA", 1)]
    [InlineData("GB", 44)]
    [InlineData("de", 49)]
    [InlineData("RU", 7)]
    [InlineData("HU", 36)]
    [InlineData("IE", 353)]
    public void Calling_codes_are_known_for_common_countries(string iso2, int expected)
    {
        PhoneNumbers.TryGetCallingCode(iso2, out var code).Should().BeTrue();
        code.Should().Be(expected);
    }

    [Fact]
    public void Calling_code_of_an_unknown_country_is_not_found()
    {
        PhoneNumbers.TryGetCallingCode("ZZ", out var code).Should().BeFalse();
        code.Should().Be(0);
    }

    [Fact]
    public void The_table_covers_about_sixty_countries()
    {
        PhoneNumbers.KnownCountries.Should().HaveCountGreaterThanOrEqualTo(60).And.OnlyHaveUniqueItems();
    }
}
