using System.Collections.Frozen;

namespace ContactImport.Core.Normalization;

/// <summary>
/// Resolves what people write in a Country column ("DE", "DEU", "Germany", "Deutschland", "日本", "U.S.A.") to an
/// ISO 3166 alpha-2 region code. Case, accents, spaces and punctuation do not matter; a value it does not know
/// resolves to nothing (the caller falls back to its default).
/// </summary>
public static class Countries
{
    // Folded names are looked up by span, so a row's country costs a fold into a stack buffer and no allocation.
    private const int MaxFoldedLength = 64;

    private static readonly FrozenDictionary<string, string> ByFoldedName = Build();
    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByFoldedSpan =
        ByFoldedName.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every region of the table (ISO 3166-1 alpha-2, plus XK).</summary>
    public static IReadOnlyList<string> Regions { get; } = [.. Entries().Select(e => e.Alpha2)];

    /// <summary>Resolves <paramref name="country"/> to its alpha-2 code (upper case).</summary>
    public static bool TryResolve(ReadOnlySpan<char> country, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? region)
    {
        region = null;
        Span<char> buffer = stackalloc char[MaxFoldedLength];
        var length = Fold(country, buffer);
        if (length <= 0)
        {
            return false;
        }

        var folded = buffer[..length];
        if (ByFoldedSpan.TryGetValue(folded, out region))
        {
            return true;
        }

        // "The Netherlands", "the Bahamas": a leading article is not part of the name.
        return folded.StartsWith("the") && ByFoldedSpan.TryGetValue(folded[3..], out region);
    }

    /// <summary>One row of the table, for tests: its codes, English name and other names.</summary>
    internal sealed record Entry(string Alpha2, string Alpha3, string Name, string[] Aliases);

    internal static IEnumerable<Entry> Entries()
    {
        foreach (var line in CountryTable.Data.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line[7..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            yield return new Entry(line[..2], line[3..6], parts[0], parts[1..]);
        }
    }

    /// <summary>
    /// Lower-cases, strips Latin accents and drops everything that is not a letter or digit, into
    /// <paramref name="destination"/>; returns the length, or -1 when it does not fit (no country is that long).
    /// </summary>
    internal static int Fold(ReadOnlySpan<char> value, Span<char> destination)
    {
        var n = 0;
        foreach (var raw in value)
        {
            if (!char.IsLetterOrDigit(raw))
            {
                continue;
            }

            var (first, second) = FoldLatin(char.ToLowerInvariant(raw));
            if (n + (second == '\0' ? 1 : 2) > destination.Length)
            {
                return -1;
            }

            destination[n++] = first;
            if (second != '\0')
            {
                destination[n++] = second;
            }
        }

        return n;
    }

    // Invariant globalization (Directory.Build.props) has no Unicode decomposition, so the Latin letters that
    // occur in country names are folded by hand.
    private static (char First, char Second) FoldLatin(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'ā' or 'ă' or 'ą' => ('a', '\0'),
        'æ' => ('a', 'e'),
        'ç' or 'ć' or 'ĉ' or 'ċ' or 'č' => ('c', '\0'),
        'ď' or 'đ' or 'ð' => ('d', '\0'),
        'è' or 'é' or 'ê' or 'ë' or 'ē' or 'ĕ' or 'ė' or 'ę' or 'ě' or 'ə' => ('e', '\0'),
        'ĝ' or 'ğ' or 'ġ' or 'ģ' => ('g', '\0'),
        'ĥ' or 'ħ' => ('h', '\0'),
        'ì' or 'í' or 'î' or 'ï' or 'ĩ' or 'ī' or 'ĭ' or 'į' or 'ı' => ('i', '\0'),
        'ĵ' => ('j', '\0'),
        'ķ' => ('k', '\0'),
        'ĺ' or 'ļ' or 'ľ' or 'ŀ' or 'ł' => ('l', '\0'),
        'ñ' or 'ń' or 'ņ' or 'ň' => ('n', '\0'),
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' or 'ō' or 'ŏ' or 'ő' or 'ơ' => ('o', '\0'),
        'œ' => ('o', 'e'),
        'ŕ' or 'ŗ' or 'ř' => ('r', '\0'),
        'ś' or 'ŝ' or 'ş' or 'š' or 'ș' => ('s', '\0'),
        'ß' => ('s', 's'),
        'ţ' or 'ť' or 'ŧ' or 'ț' => ('t', '\0'),
        'ù' or 'ú' or 'û' or 'ü' or 'ũ' or 'ū' or 'ŭ' or 'ů' or 'ű' or 'ų' or 'ư' => ('u', '\0'),
        'ŵ' => ('w', '\0'),
        'ý' or 'ÿ' or 'ŷ' => ('y', '\0'),
        'ź' or 'ż' or 'ž' => ('z', '\0'),
        'þ' => ('t', 'h'),
        'ạ' or 'ả' or 'ấ' or 'ầ' or 'ẩ' or 'ẫ' or 'ậ' or 'ắ' or 'ằ' or 'ẳ' or 'ẵ' or 'ặ' => ('a', '\0'),
        'ệ' or 'ế' or 'ề' or 'ể' or 'ễ' or 'ẹ' or 'ẻ' or 'ẽ' => ('e', '\0'),
        _ => (c, '\0'),
    };

    private static FrozenDictionary<string, string> Build()
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[MaxFoldedLength];
        foreach (var e in Entries())
        {
            foreach (var name in (string[])[e.Alpha2, e.Alpha3, e.Name, .. e.Aliases])
            {
                var length = Fold(name, buffer);
                if (length > 0)
                {
                    // The first row that names a spelling keeps it (tests check that no two rows share one).
                    byName.TryAdd(buffer[..length].ToString(), e.Alpha2);
                }
            }
        }

        return byName.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
