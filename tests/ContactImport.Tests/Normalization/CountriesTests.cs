using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class CountriesTests
{
    [Theory]
    [InlineData("DE", "DE")]
    [InlineData("de", "DE")]
    [InlineData("DEU", "DE")]
    [InlineData("Germany", "DE")]
    [InlineData("Deutschland", "DE")]
    [InlineData("  DEUTSCHLAND ", "DE")]
    [InlineData("España", "ES")]
    [InlineData("espana", "ES")]
    [InlineData("Spain", "ES")]
    [InlineData("日本", "JP")]
    [InlineData("Japan", "JP")]
    [InlineData("Österreich", "AT")]
    [InlineData("osterreich", "AT")]
    [InlineData("Schweiz", "CH")]
    [InlineData("Suisse", "CH")]
    [InlineData("Svizzera", "CH")]
    [InlineData("Nederland", "NL")]
    [InlineData("The Netherlands", "NL")]
    [InlineData("Italia", "IT")]
    [InlineData("Brasil", "BR")]
    [InlineData("United States", "US")]
    [InlineData("USA", "US")]
    [InlineData("U.S.A.", "US")]
    [InlineData("united states of america", "US")]
    [InlineData("UK", "GB")]
    [InlineData("United Kingdom", "GB")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("Cote d'Ivoire", "CI")]
    [InlineData("Bosnia and Herzegovina", "BA")]
    [InlineData("Congo, Democratic Republic of the", "CD")]
    [InlineData("Россия", "RU")]
    [InlineData("Ελλάδα", "GR")]
    [InlineData("Polska", "PL")]
    [InlineData("Česko", "CZ")]
    [InlineData("Magyarország", "HU")]
    [InlineData("Türkiye", "TR")]
    [InlineData("Turkey", "TR")]
    [InlineData("대한민국", "KR")]
    [InlineData("中国", "CN")]
    [InlineData("Việt Nam", "VN")]
    [InlineData("Suomi", "FI")]
    [InlineData("Sverige", "SE")]
    [InlineData("Danmark", "DK")]
    [InlineData("Norge", "NO")]
    [InlineData("México", "MX")]
    [InlineData("Kosovo", "XK")]
    [InlineData("Åland Islands", "AX")]
    public void Codes_English_names_and_native_names_resolve_to_the_alpha2_code(string value, string expected)
    {
        Countries.TryResolve(value, out var region).Should().BeTrue();
        region.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Atlantis")]
    [InlineData("XX")]
    [InlineData("Germanyy")]
    [InlineData("a country whose name is much longer than any country's name could possibly ever be in this table")]
    public void Unknown_values_do_not_resolve(string value)
    {
        Countries.TryResolve(value, out var region).Should().BeFalse();
        region.Should().BeNull();
    }

    [Fact]
    public void The_table_has_every_ISO_3166_region_once()
    {
        var entries = Countries.Entries().ToList();
        entries.Should().HaveCount(250, "ISO 3166-1's 249 regions and Kosovo's XK");
        entries.Select(e => e.Alpha2).Should().OnlyHaveUniqueItems();
        entries.Select(e => e.Alpha3).Should().OnlyHaveUniqueItems();
        entries.Should().OnlyContain(e => e.Alpha2.Length == 2 && e.Alpha3.Length == 3 && e.Alpha2.All(char.IsAsciiLetterUpper));
    }

    [Fact]
    public void Every_spelling_in_the_table_resolves_to_its_own_row()
    {
        // Folding (case, accents, punctuation) must not make two countries' spellings collide.
        var wrong = new List<string>();
        foreach (var e in Countries.Entries())
        {
            foreach (var name in (string[])[e.Alpha2, e.Alpha3, e.Name, .. e.Aliases])
            {
                if (!Countries.TryResolve(name, out var region) || region != e.Alpha2)
                {
                    wrong.Add($"'{name}' of {e.Alpha2} → {region ?? "nothing"}");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    [Fact]
    public void At_least_sixty_countries_have_a_name_in_their_own_language()
    {
        Countries.Entries().Count(e => e.Aliases.Length > 0).Should().BeGreaterThanOrEqualTo(60);
    }

    [Fact]
    public void Every_region_with_phone_numbers_except_the_non_ISO_ones_is_in_the_table()
    {
        // libphonenumber also knows Ascension (AC) and Tristan da Cunha (TA), which ISO 3166 lists under SH.
        Phones.SupportedRegions.Except(Countries.Regions).Should().BeEquivalentTo(["AC", "TA"]);
    }
}
