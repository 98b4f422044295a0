using ContactImport.Core.Normalization;
using PhoneNumbers;

namespace ContactImport.Tests.Normalization;

/// <summary>
/// Our keys agree with libphonenumber's for every region as the default country: each region's example numbers,
/// written as people of that region write them (national format), normalize to libphonenumber's E.164.
/// </summary>
public sealed class PhoneCorpusTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    [Fact]
    public void Every_regions_example_numbers_in_national_format_normalize_to_libphonenumbers_E164()
    {
        var checkedNumbers = 0;
        var disagreements = new List<string>();
        foreach (var region in Util.GetSupportedRegions())
        {
            foreach (var type in (PhoneNumberType[])[PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE])
            {
                if (Util.GetExampleNumberForType(region, type) is not { } example)
                {
                    continue;
                }

                var national = Util.Format(example, PhoneNumberFormat.NATIONAL);
                var expected = Util.Format(example, PhoneNumberFormat.E164);
                checkedNumbers++;
                if (!Phones.TryNormalize(national, region, out var key, out var reason) || key != expected)
                {
                    disagreements.Add($"{region} {type} '{national}': expected {expected}, got '{key}' ({reason})");
                }
            }
        }

        disagreements.Should().BeEmpty();
        checkedNumbers.Should().BeGreaterThan(400, "about 245 regions have a mobile and a fixed-line example");
    }

    [Fact]
    public void Every_regions_example_numbers_in_international_format_keep_their_key_under_any_default_country()
    {
        var disagreements = new List<string>();
        foreach (var region in Util.GetSupportedRegions())
        {
            if (Util.GetExampleNumberForType(region, PhoneNumberType.MOBILE) is not { } example)
            {
                continue;
            }

            var international = Util.Format(example, PhoneNumberFormat.INTERNATIONAL);
            var expected = Util.Format(example, PhoneNumberFormat.E164);
            foreach (var defaultRegion in (string[])["US", "DE", "JP", region])
            {
                if (!Phones.TryNormalize(international, defaultRegion, out var key, out var reason) || key != expected)
                {
                    disagreements.Add($"{region} '{international}' with default {defaultRegion}: expected {expected}, got '{key}' ({reason})");
                }
            }
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void Valid_for_the_region_it_was_read_in_implies_valid_for_libphonenumber()
    {
        // Phones takes IsValidNumberForRegion as a shortcut for IsValidNumber: every example number of every type,
        // and its neighbours (last digit 0–9), must not tell them apart.
        var disagreements = new List<string>();
        foreach (var region in Util.GetSupportedRegions())
        {
            foreach (var type in Util.GetSupportedTypesForRegion(region))
            {
                if (Util.GetExampleNumberForType(region, type) is not { } example)
                {
                    continue;
                }

                var e164 = Util.Format(example, PhoneNumberFormat.E164);
                for (var last = '0'; last <= '9'; last++)
                {
                    var number = Util.Parse(e164[..^1] + last, region);
                    if (Util.IsValidNumberForRegion(number, region) && !Util.IsValidNumber(number))
                    {
                        disagreements.Add($"{region} {type} {e164[..^1] + last}");
                    }
                }
            }
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void A_number_read_with_another_regions_default_is_valid_exactly_when_libphonenumber_says_so()
    {
        // Phones searches the calling code's regions itself (one pattern check per region, not two): every example
        // number of every type and its neighbours (last digit 0–9), read with a default country of another calling
        // code (JP) and with its calling code's main region (US for all of +1), must get libphonenumber's answer.
        var disagreements = new List<string>();
        var checkedNumbers = 0;
        foreach (var region in Util.GetSupportedRegions())
        {
            var main = Util.GetRegionCodeForCountryCode(Util.GetCountryCodeForRegion(region));
            foreach (var type in Util.GetSupportedTypesForRegion(region))
            {
                if (Util.GetExampleNumberForType(region, type) is not { } example)
                {
                    continue;
                }

                var e164 = Util.Format(example, PhoneNumberFormat.E164);
                for (var last = '0'; last <= '9'; last++)
                {
                    var written = e164[..^1] + last;
                    foreach (var defaultRegion in (string[])[region == "JP" ? "DE" : "JP", main])
                    {
                        var number = Util.Parse(written, defaultRegion);
                        var expected = Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : "";
                        checkedNumbers++;
                        Phones.TryNormalize(written, defaultRegion, out var key, out _);
                        if (key != expected)
                        {
                            disagreements.Add($"{region} {type} {written} with default {defaultRegion}: expected '{expected}', got '{key}'");
                        }
                    }
                }
            }
        }

        disagreements.Should().BeEmpty();
        checkedNumbers.Should().BeGreaterThan(10_000);
    }

    [Theory]
    [InlineData("0470 12 34", "BE")]
    [InlineData("+49 PRIVAT", "DE")]
    [InlineData("PRIVAT", "DE")]
    [InlineData("n/a", "US")]
    [InlineData("N/A", "GB")]
    [InlineData("unknown", "FR")]
    [InlineData("-", "US")]
    [InlineData("0", "DE")]
    [InlineData("000 000 0000", "US")]
    [InlineData("123", "US")]
    [InlineData("+1", "US")]
    public void Placeholders_and_truncated_numbers_get_no_key(string raw, string region)
    {
        Phones.TryNormalize(raw, region, out var key, out var reason).Should().BeFalse();
        key.Should().BeEmpty();
        reason.Should().StartWith("invalid phone number: ");
    }

    [Fact]
    public void A_number_libphonenumber_calls_invalid_never_gets_a_key()
    {
        // Each region's example with its last digit dropped: where libphonenumber refuses it, so do we.
        var wronglyAccepted = new List<string>();
        foreach (var region in Util.GetSupportedRegions())
        {
            if (Util.GetExampleNumberForType(region, PhoneNumberType.MOBILE) is not { } example)
            {
                continue;
            }

            var truncated = Util.Format(example, PhoneNumberFormat.E164)[..^1];
            var libraryValid = Util.IsValidNumber(Util.Parse(truncated, region));
            if (!libraryValid && Phones.TryNormalize(truncated, region, out var key, out _))
            {
                wronglyAccepted.Add($"{region} {truncated} → {key}");
            }
        }

        wronglyAccepted.Should().BeEmpty();
    }
}
