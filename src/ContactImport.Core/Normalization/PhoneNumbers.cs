using System.Collections.Frozen;

namespace ContactImport.Core.Normalization;

/// <summary>
/// A focused E.164 normalizer (libphonenumber is not available). It answers "is this a plausible phone
/// number, and what is its match key", not "which carrier": the key is <c>+</c> and 8–15 digits, the
/// display value stays as the user wrote it (see <see cref="ContactImport.Core.Contacts.ContactValues.Phone"/>).
/// </summary>
public static class PhoneNumbers
{
    /// <summary>Per-country dialing rule. Lengths are of the national significant number (trunk prefix removed).</summary>
    internal sealed record CountryRule(string Iso2, int CallingCode, string? TrunkPrefix, int MinLength, int MaxLength)
    {
        public bool IsNanp => CallingCode == 1;
        public string CallingCodeText { get; } = CallingCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // ~70 common countries. Lengths are deliberately a little generous: a false "invalid" fails a whole row,
    // a slightly-off length only lets an odd number through. Italy, Spain, etc. have no trunk prefix (Italy's
    // leading 0 is part of the number and stays in the key).
    private static readonly CountryRule[] Rules =
    [
        new("US", 1, "1", 10, 10), new("CA", 1, "1", 10, 10), new("PR", 1, "1", 10, 10),
        new("DO", 1, "1", 10, 10), new("JM", 1, "1", 10, 10), new("TT", 1, "1", 10, 10), new("BS", 1, "1", 10, 10),
        new("RU", 7, "8", 10, 10), new("KZ", 7, "8", 10, 10),
        new("EG", 20, "0", 8, 10), new("ZA", 27, "0", 9, 9), new("GR", 30, null, 10, 10),
        new("NL", 31, "0", 9, 9), new("BE", 32, "0", 8, 9), new("FR", 33, "0", 9, 9),
        new("ES", 34, null, 9, 9), new("HU", 36, "06", 8, 9), new("IT", 39, null, 6, 11),
        new("RO", 40, "0", 9, 9), new("CH", 41, "0", 9, 9), new("AT", 43, "0", 4, 13),
        new("GB", 44, "0", 9, 10), new("DK", 45, null, 8, 8), new("SE", 46, "0", 6, 10),
        new("NO", 47, null, 8, 8), new("PL", 48, null, 9, 9), new("DE", 49, "0", 6, 13),
        new("PE", 51, "0", 8, 9), new("MX", 52, null, 10, 10), new("AR", 54, "0", 10, 11),
        new("BR", 55, "0", 10, 11), new("CL", 56, null, 9, 9), new("CO", 57, null, 10, 10),
        new("VE", 58, "0", 10, 10), new("MY", 60, "0", 8, 10), new("AU", 61, "0", 9, 9),
        new("ID", 62, "0", 8, 12), new("PH", 63, "0", 8, 10), new("NZ", 64, "0", 8, 10),
        new("SG", 65, null, 8, 8), new("TH", 66, "0", 8, 9), new("JP", 81, "0", 9, 10),
        new("KR", 82, "0", 8, 10), new("VN", 84, "0", 9, 10), new("CN", 86, "0", 9, 11),
        new("TR", 90, "0", 10, 10), new("IN", 91, "0", 10, 10), new("PK", 92, "0", 9, 10),
        new("LK", 94, "0", 9, 9), new("MA", 212, "0", 9, 9), new("DZ", 213, "0", 8, 9),
        new("TN", 216, null, 8, 8), new("GH", 233, "0", 9, 9), new("NG", 234, "0", 8, 10),
        new("KE", 254, "0", 9, 9), new("TZ", 255, "0", 9, 9), new("UG", 256, "0", 9, 9),
        new("PT", 351, null, 9, 9), new("LU", 352, null, 4, 11), new("IE", 353, "0", 7, 9),
        new("IS", 354, null, 7, 7), new("FI", 358, "0", 5, 12), new("BG", 359, "0", 8, 9),
        new("LT", 370, "8", 8, 8), new("LV", 371, null, 8, 8), new("EE", 372, null, 7, 8),
        new("UA", 380, "0", 9, 9), new("RS", 381, "0", 8, 9), new("HR", 385, "0", 8, 9),
        new("SI", 386, "0", 8, 8), new("CZ", 420, null, 9, 9), new("SK", 421, "0", 9, 9),
        new("HK", 852, null, 8, 8), new("BD", 880, "0", 10, 10), new("TW", 886, "0", 8, 9),
        new("KW", 965, null, 8, 8), new("SA", 966, "0", 9, 9), new("AE", 971, "0", 8, 9),
        new("IL", 972, "0", 8, 9), new("QA", 974, null, 8, 8),
    ];

    private static readonly FrozenDictionary<string, CountryRule> ByIso =
        Rules.ToFrozenDictionary(r => r.Iso2, StringComparer.OrdinalIgnoreCase);

    // Shared calling codes (+1, +7) resolve to the first listed country; the length rule is the same.
    private static readonly FrozenDictionary<int, CountryRule> ByCallingCode =
        Rules.GroupBy(r => r.CallingCode).ToFrozenDictionary(g => g.Key, g => g.First());

    private const int MaxDigits = 32;

    /// <summary>ISO 3166 alpha-2 codes with a country-specific rule.</summary>
    public static IEnumerable<string> KnownCountries => Rules.Select(r => r.Iso2);

    public static bool TryGetCallingCode(string iso2, out int callingCode)
    {
        if (iso2 is not null && ByIso.TryGetValue(iso2.Trim(), out var rule))
        {
            callingCode = rule.CallingCode;
            return true;
        }

        callingCode = 0;
        return false;
    }

    internal static CountryRule? FindCountry(string iso2) =>
        iso2 is not null && ByIso.TryGetValue(iso2.Trim(), out var rule) ? rule : null;

    /// <summary>
    /// Normalizes <paramref name="raw"/> to E.164. Numbers starting with <c>+</c> or <c>00</c> are international;
    /// others use <paramref name="defaultCountry"/>'s calling code with its trunk prefix removed.
    /// On failure <paramref name="reason"/> is a complete human message ("invalid phone number for US: …").
    /// </summary>
    /// <exception cref="ArgumentException">The default country is not a known ISO code.</exception>
    public static bool TryNormalize(string raw, string defaultCountry, out string e164, out string? reason)
    {
        var rule = FindCountry(defaultCountry)
            ?? throw new ArgumentException($"Unknown default country '{defaultCountry}'; expected an ISO 3166 alpha-2 code such as US, GB or DE.", nameof(defaultCountry));
        return TryNormalize(raw, rule, out e164, out reason);
    }

    internal static bool TryNormalize(string raw, CountryRule defaultRule, out string e164, out string? reason)
    {
        e164 = string.Empty;
        Span<char> digits = stackalloc char[MaxDigits];
        var count = 0;
        var plus = false;
        var seenContent = false;
        var text = raw.AsSpan().Trim();

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                if (count < MaxDigits)
                {
                    digits[count] = c;
                }

                count++;
                seenContent = true;
            }
            else if (c == '+' && !seenContent)
            {
                plus = true;
                seenContent = true;
            }
            else if (c is ' ' or '.' or '-' or '(' or ')' or '/' or '\u00A0' or '\t')
            {
                // Separators people use when writing numbers.
            }
            else if (IsExtensionStart(text[i..], out var markerLength))
            {
                if (!IsValidExtension(text[(i + markerLength)..]))
                {
                    reason = "invalid phone number: the extension must be digits";
                    return false;
                }

                break;
            }
            else if (char.IsLetter(c))
            {
                reason = "invalid phone number: contains letters";
                return false;
            }
            else
            {
                reason = $"invalid phone number: unexpected character '{c}'";
                return false;
            }
        }

        if (count == 0)
        {
            reason = "invalid phone number: no digits";
            return false;
        }

        if (count > MaxDigits)
        {
            reason = $"invalid phone number: {count} digits, too long";
            return false;
        }

        ReadOnlySpan<char> d = digits[..count];
        if (!plus && d.StartsWith("00"))
        {
            plus = true;
            d = d[2..];
        }
        else if (!plus && defaultRule.IsNanp && d.StartsWith("011"))
        {
            // NANP's international prefix.
            plus = true;
            d = d[3..];
        }

        return plus ? International(d, out e164, out reason) : National(d, defaultRule, out e164, out reason);
    }

    private static bool International(ReadOnlySpan<char> d, out string e164, out string? reason)
    {
        e164 = string.Empty;
        if (d.IsEmpty || d[0] == '0')
        {
            reason = "invalid phone number: the country calling code cannot start with 0";
            return false;
        }

        CountryRule? rule = null;
        var ccLength = 0;
        for (var len = 1; len <= 3 && len < d.Length; len++)
        {
            if (ByCallingCode.TryGetValue(int.Parse(d[..len], provider: System.Globalization.CultureInfo.InvariantCulture), out var r))
            {
                rule = r;
                ccLength = len;
                break;
            }
        }

        if (rule is null)
        {
            // Unknown calling code: only the E.164 bounds can be checked.
            if (d.Length is < 8 or > 15)
            {
                reason = $"invalid phone number: {d.Length} digits, expected 8–15 including the country code";
                return false;
            }

            e164 = Compose(ReadOnlySpan<char>.Empty, d);
            reason = null;
            return true;
        }

        var national = d[ccLength..];

        // "+44 (0)20 …": a trunk 0 written after the country code is dropped when the number is too long with it.
        if (rule.TrunkPrefix == "0" && national.Length > rule.MinLength && national[0] == '0')
        {
            national = national[1..];
        }

        return Validate(national, rule, international: true, out e164, out reason);
    }

    private static bool National(ReadOnlySpan<char> d, CountryRule rule, out string e164, out string? reason)
    {
        var national = d;
        if (rule.TrunkPrefix is { } trunk && national.StartsWith(trunk) && national.Length - trunk.Length >= rule.MinLength)
        {
            national = national[trunk.Length..];
        }

        return Validate(national, rule, international: false, out e164, out reason);
    }

    private static bool Validate(ReadOnlySpan<char> national, CountryRule rule, bool international, out string e164, out string? reason)
    {
        e164 = string.Empty;

        // Only built on failure: the success path allocates nothing but the key.
        string Where() => international ? "+" + rule.CallingCodeText : rule.Iso2;
        if (national.Length < rule.MinLength || national.Length > rule.MaxLength)
        {
            var expected = rule.MinLength == rule.MaxLength ? $"{rule.MinLength}" : $"{rule.MinLength}–{rule.MaxLength}";
            reason = $"invalid phone number for {Where()}: {national.Length} digits, expected {expected}";
            return false;
        }

        if (rule.IsNanp)
        {
            if (national[0] is '0' or '1')
            {
                reason = $"invalid phone number for {Where()}: the area code cannot start with {national[0]}";
                return false;
            }

            if (national[3] is '0' or '1')
            {
                reason = $"invalid phone number for {Where()}: the exchange cannot start with {national[3]}";
                return false;
            }
        }

        var total = rule.CallingCodeText.Length + national.Length;
        if (total is < 8 or > 15)
        {
            reason = $"invalid phone number for {Where()}: {total} digits in total, expected 8–15";
            return false;
        }

        e164 = Compose(rule.CallingCodeText, national);
        reason = null;
        return true;
    }

    private static string Compose(ReadOnlySpan<char> callingCode, ReadOnlySpan<char> national)
    {
        Span<char> buffer = stackalloc char[1 + callingCode.Length + national.Length];
        buffer[0] = '+';
        callingCode.CopyTo(buffer[1..]);
        national.CopyTo(buffer[(1 + callingCode.Length)..]);
        return new string(buffer);
    }

    private static bool IsExtensionStart(ReadOnlySpan<char> rest, out int markerLength)
    {
        if (rest[0] == '#')
        {
            markerLength = 1;
            return true;
        }

        foreach (var marker in (ReadOnlySpan<string>)["extension", "ext", "x"])
        {
            if (rest.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                markerLength = marker.Length;
                return true;
            }
        }

        markerLength = 0;
        return false;
    }

    private static bool IsValidExtension(ReadOnlySpan<char> rest)
    {
        var digits = 0;
        foreach (var c in rest)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '.' or ':' or '-' or '\u00A0'))
            {
                return false;
            }
        }

        return digits is > 0 and <= 10;
    }
}
