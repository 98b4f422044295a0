using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class PhonesTests
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
    [InlineData("+61 1800 123 456", "US", "+611800123456")]
    [InlineData("1800 123 456", "AU", "+611800123456")]
    [InlineData("+358 41 2345", "US", "+358412345")]
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
    [InlineData("0470 12 34 56", "BE", "+32470123456")]
    [InlineData("(415) 555-0100 x123", "US", "+14155550100")]
    [InlineData("415-555-0100 ext. 42", "US", "+14155550100")]
    [InlineData("415-555-0100 Ext 42", "US", "+14155550100")]
    [InlineData("  +1/415/555/0100  ", "US", "+14155550100")]
    [InlineData("+1 415 555 0100", "us", "+14155550100")]
    [InlineData("1-800-FLOWERS", "US", "+18003569377")]
    [InlineData("０３－１２３４－５６７８", "JP", "+81312345678")]
    [InlineData("050 123 4567", "AE", "+971501234567")]
    [InlineData("0800 123 456", "NZ", "+64800123456")]
    [InlineData("+800 1234 5678", "US", "+80012345678")]
    public void Valid_numbers_normalize_to_E164(string raw, string country, string expected)
    {
        Phones.TryNormalize(raw, country, out var e164, out var reason).Should().BeTrue(reason);
        e164.Should().Be(expected);
        reason.Should().BeNull();
    }

    [Theory]
    [InlineData("555-0100", "US", "invalid phone number: too short for US (7 digits, a local number without its area code)")]
    [InlineData("415 555 01001", "US", "invalid phone number: too long for US (11 digits)")]
    [InlineData("(015) 555-0100", "US", "invalid phone number: not a valid number for US")]
    [InlineData("0470 12 34", "BE", "invalid phone number: not a valid number for BE")]
    [InlineData("+32 470 12 34", "US", "invalid phone number: too short for BE (7 digits)")]
    [InlineData("020 7946", "GB", "invalid phone number: not a valid number for GB")]
    [InlineData("+44 20 7946 09581234", "US", "invalid phone number: too long for GB (14 digits)")]
    [InlineData("0171 1234567", "US", "invalid phone number: too long for US (11 digits)")]
    [InlineData("+49 PRIVAT", "US", "invalid phone number: too short")]
    [InlineData("call me", "US", "invalid phone number: no digits")]
    [InlineData("n/a", "US", "invalid phone number: no digits")]
    [InlineData("---", "US", "invalid phone number: no digits")]
    [InlineData("12", "DE", "invalid phone number: too short")]
    [InlineData("+0 123 456 789", "US", "invalid phone number: unknown country calling code")]
    [InlineData("+999 1234 5678", "US", "invalid phone number: unknown country calling code")]
    [InlineData("+998 12", "US", "invalid phone number: too short for UZ (2 digits)")]
    [InlineData("+49 1234 5678 9012 3456 789", "US", "invalid phone number: too long")]
    [InlineData("8 495 123", "RU", "invalid phone number: too short for RU (7 digits, a local number without its area code)")]
    public void Invalid_numbers_get_no_key_and_a_precise_reason(string raw, string country, string expected)
    {
        Phones.TryNormalize(raw, country, out var e164, out var reason).Should().BeFalse();
        e164.Should().BeEmpty();
        reason.Should().Be(expected);
    }

    [Fact]
    public void Italian_numbers_keep_their_leading_zero()
    {
        Phones.TryNormalize("02 1234 5678", "IT", out var e164, out _).Should().BeTrue();
        e164.Should().Be("+390212345678");
    }

    [Fact]
    public void An_unknown_default_country_is_an_argument_error()
    {
        var act = () => Phones.TryNormalize("020 7946 0958", "XX", out _, out _);
        act.Should().Throw<ArgumentException>().WithMessage("*'XX'*");
    }

    [Theory]
    [InlineData("US", "US")]
    [InlineData(" de ", "DE")]
    [InlineData("va", "VA")]
    [InlineData("XK", "XK")]
    [InlineData("AC", "AC")]
    [InlineData("TA", "TA")]
    public void Every_region_libphonenumber_knows_is_a_valid_default_country(string code, string expected)
    {
        Phones.TryGetRegion(code, out var region).Should().BeTrue();
        region.Should().Be(expected);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ZZ")]
    [InlineData("001")]
    [InlineData("USA")]
    [InlineData("")]
    [InlineData(null)]
    public void Codes_libphonenumber_does_not_know_are_not_default_countries(string? code)
    {
        Phones.TryGetRegion(code, out var region).Should().BeFalse();
        region.Should().BeNull();
    }

    [Fact]
    public void The_supported_regions_are_libphonenumbers_whole_set()
    {
        Phones.SupportedRegions.Should().HaveCountGreaterThanOrEqualTo(240).And.Contain(["US", "DE", "JP", "BE", "FI", "AU", "UZ"]);
    }

    [Theory]
    [InlineData("Deutschland", "US", "DE")]
    [InlineData("japan", "US", "JP")]
    [InlineData("日本", "DE", "JP")]
    [InlineData("Atlantis", "FR", "FR")]
    [InlineData(null, "FR", "FR")]
    [InlineData("Antarctica", "GB", "GB")]
    public void The_rows_country_wins_when_libphonenumber_knows_it(string? rowCountry, string defaultRegion, string expected)
    {
        Phones.RegionFor(rowCountry, defaultRegion).Should().Be(expected);
    }
}
