using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhoneNumbers;

namespace ContactImport.Core.Normalization;

/// <summary>
/// Phone match keys by Google's libphonenumber: a number has a key (its E.164 form) when libphonenumber says it is
/// valid. The display value stays as the user wrote it (see <see cref="ContactImport.Core.Contacts.ContactValues.Phone"/>),
/// and an extension stays in the display only: E.164 has none.
/// </summary>
public static class Phones
{
    // GetInstance loads the metadata once; the instance is thread-safe and shared by every import.
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // libphonenumber's region codes for "no region" and for non-geographic numbers (+800, +882, …).
    private const string UnknownRegion = "ZZ";
    private const string NonGeographicRegion = "001";

    private static readonly FrozenSet<string> Supported = Util.GetSupportedRegions().ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every region libphonenumber has numbering metadata for (alpha-2, upper case): all valid default countries.</summary>
    public static IReadOnlyCollection<string> SupportedRegions => Supported;

    /// <summary>
    /// Checks a default country: <paramref name="region"/> is <paramref name="code"/> trimmed and upper-cased when
    /// libphonenumber knows that region.
    /// </summary>
    public static bool TryGetRegion(string? code, [NotNullWhen(true)] out string? region)
    {
        region = code?.Trim().ToUpperInvariant();
        if (region is not null && Supported.Contains(region))
        {
            return true;
        }

        region = null;
        return false;
    }

    /// <summary>
    /// The region a row's numbers are parsed with: the row's own country when it names one libphonenumber knows
    /// (a code, or a name in English or in the country's own language), else <paramref name="defaultRegion"/>.
    /// </summary>
    public static string RegionFor(string? rowCountry, string defaultRegion) =>
        rowCountry is not null && Countries.TryResolve(rowCountry, out var region) && Supported.Contains(region)
            ? region
            : defaultRegion;

    /// <summary>
    /// Normalizes <paramref name="raw"/> to E.164. A number without an international prefix (<c>+</c>, or the
    /// region's own, such as <c>00</c> or <c>011</c>) is read as a national number of <paramref name="region"/>.
    /// On failure <paramref name="reason"/> is a complete human message ("invalid phone number: too short for BE (7 digits)").
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="region"/> is not a region libphonenumber knows.</exception>
    public static bool TryNormalize(string raw, string region, out string e164, [NotNullWhen(false)] out string? reason)
    {
        // The mapper passes a checked code; only other callers pay for trimming and upper-casing.
        if (!Supported.Contains(region))
        {
            region = TryGetRegion(region, out var known)
                ? known
                : throw new ArgumentException(UnknownRegionMessage(region), nameof(region));
        }

        e164 = string.Empty;

        // libphonenumber throws on text that is not a number at all; fewer than three digits can never be a valid
        // number, so such values (placeholders like "n/a", "-", "?") are refused here without the exception.
        var digits = CountDigits(raw);
        if (digits < 3)
        {
            reason = digits == 0 ? "invalid phone number: no digits" : "invalid phone number: too short";
            return false;
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(raw, region);
        }
        catch (NumberParseException e)
        {
            reason = ParseFailure(e.ErrorType);
            return false;
        }

        // Valid for the region it was read in means valid: only the rest search their calling code's regions.
        if (Util.IsValidNumberForRegion(number, region) || IsValidInAnotherRegion(number, region))
        {
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            reason = null;
            return true;
        }

        reason = InvalidReason(number, region);
        return false;
    }

    /// <summary>
    /// libphonenumber's <c>IsValidNumber</c> without its repeated check: it finds the number's region by checking the
    /// number against each region of its calling code in turn (US, then the rest of +1), then checks it once more for
    /// the region found. A region named by its leading digits is found without a check, so from the first such region
    /// on it decides alone. <paramref name="checkedRegion"/> was checked already.
    /// </summary>
    private static bool IsValidInAnotherRegion(PhoneNumber number, string checkedRegion)
    {
        var regions = Util.GetRegionCodesForCountryCode(number.CountryCode);
        if (regions.Count < 2)
        {
            return Util.IsValidNumber(number);
        }

        foreach (var region in regions)
        {
            if (Util.GetMetadataForRegion(region).HasLeadingDigits)
            {
                return Util.IsValidNumber(number);
            }

            if (region != checkedRegion && Util.IsValidNumberForRegion(number, region))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The message for a default country libphonenumber does not know.</summary>
    public static string UnknownRegionMessage(string? code) =>
        $"Unknown default country '{code}'; expected an ISO 3166 alpha-2 code of a region with phone numbers, such as US, GB or DE.";

    private static int CountDigits(string raw)
    {
        var digits = 0;
        foreach (var c in raw)
        {
            if (char.IsDigit(c))
            {
                digits++;
            }
        }

        return digits;
    }

    private static string ParseFailure(ErrorType error) => error switch
    {
        ErrorType.INVALID_COUNTRY_CODE => "invalid phone number: unknown country calling code",
        ErrorType.TOO_SHORT_AFTER_IDD => "invalid phone number: too short after the international prefix",
        ErrorType.TOO_SHORT_NSN => "invalid phone number: too short",
        ErrorType.TOO_LONG => "invalid phone number: too long",
        _ => "invalid phone number: not a phone number",
    };

    private static string InvalidReason(PhoneNumber number, string parsedWith)
    {
        var callingCode = number.CountryCode;
        var main = Util.GetRegionCodeForCountryCode(callingCode);
        if (main == UnknownRegion)
        {
            return $"invalid phone number: unknown country calling code +{callingCode.ToString(CultureInfo.InvariantCulture)}";
        }

        // Name the region the number was read for: the row's or default region, or the main region of its calling code.
        var where = Util.GetCountryCodeForRegion(parsedWith) == callingCode ? parsedWith : main;
        if (where == NonGeographicRegion)
        {
            where = "+" + callingCode.ToString(CultureInfo.InvariantCulture);
        }

        var length = Util.GetNationalSignificantNumber(number).Length.ToString(CultureInfo.InvariantCulture);
        return Util.IsPossibleNumberWithReason(number) switch
        {
            PhoneNumberUtil.ValidationResult.TOO_SHORT => $"invalid phone number: too short for {where} ({length} digits)",
            PhoneNumberUtil.ValidationResult.TOO_LONG => $"invalid phone number: too long for {where} ({length} digits)",
            PhoneNumberUtil.ValidationResult.INVALID_LENGTH => $"invalid phone number: no number in {where} has {length} digits",
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY =>
                $"invalid phone number: too short for {where} ({length} digits, a local number without its area code)",
            _ => $"invalid phone number: not a valid number for {where}",
        };
    }
}
