using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Normalization;

public sealed class TextValuesTests
{
    [Theory]
    [InlineData("  Anna   Maria ", "Anna Maria")]
    [InlineData("Acme\tCorp\r\nLtd", "Acme Corp Ltd")]
    [InlineData("Zoë", "Zoë")]
    [InlineData(" ", "")]
    public void Clean_trims_and_collapses_inner_whitespace(string raw, string expected)
    {
        TextValues.Clean(raw).Should().Be(expected);
    }

    [Fact]
    public void Clean_returns_the_same_instance_when_nothing_changes()
    {
        const string value = "Jean-Luc O'Neil";
        TextValues.Clean(value).Should().BeSameAs(value);
    }

    [Theory]
    [InlineData("'=SUM(A1:A2)", "=SUM(A1:A2)")]
    [InlineData("'+1 415 555 0100", "+1 415 555 0100")]
    [InlineData("'-5", "-5")]
    [InlineData("'@home", "@home")]
    [InlineData("'\tx", "\tx")]
    [InlineData("'\rx", "\rx")]
    [InlineData("'quoted'", "'quoted'")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("=SUM(A1:A2)", "=SUM(A1:A2)")]
    [InlineData("'; DROP TABLE contacts; --", "'; DROP TABLE contacts; --")]
    [InlineData("'", "'")]
    public void Formula_guard_is_stripped_only_before_formula_characters(string raw, string expected)
    {
        TextValues.StripFormulaGuard(raw).Should().Be(expected);
    }

    [Theory]
    [InlineData("vip; customer, lead", new[] { "vip", "customer", "lead" })]
    [InlineData("* myContacts ::: Friends ::: Work", new[] { "Friends", "Work" })]
    [InlineData("* starred ::: Family", new[] { "starred", "Family" })]
    [InlineData("VIP;vip; Vip ;customer", new[] { "VIP", "customer" })]
    [InlineData("vip:gold, ;;  ,", new[] { "vip:gold" })]
    [InlineData("", new string[0])]
    public void Tags_are_split_trimmed_and_deduplicated_case_insensitively(string cell, string[] expected)
    {
        var tags = new List<string>();
        TextValues.AddTags(cell, tags).Should().BeNull();
        tags.Should().Equal(expected);
    }

    [Fact]
    public void Tags_from_a_second_cell_join_the_first_without_duplicates()
    {
        var tags = new List<string> { "Friends" };
        TextValues.AddTags("friends; Golf", tags);
        tags.Should().Equal("Friends", "Golf");
    }

    [Fact]
    public void A_tag_over_50_characters_is_reported()
    {
        var tags = new List<string>();
        var longTag = new string('t', 51);
        TextValues.AddTags($"ok; {longTag}", tags).Should().Be(longTag);
    }

    [Theory]
    [InlineData("Anna Schmidt", "Anna", "Schmidt")]
    [InlineData("Mary Jane van Dyke", "Mary Jane van", "Dyke")]
    [InlineData("Cher", "Cher", null)]
    [InlineData("Schmidt, Anna", "Anna", "Schmidt")]
    public void Full_name_splits_on_the_last_word_or_a_comma(string name, string? first, string? last)
    {
        TextValues.SplitFullName(name).Should().Be((first, last));
    }

    [Theory]
    [InlineData("a@x.com ::: b@y.com", new[] { "a@x.com", "b@y.com" })]
    [InlineData("a@x.com", new[] { "a@x.com" })]
    [InlineData(" ::: a@x.com :::", new[] { "a@x.com" })]
    public void Multi_value_cells_yield_each_value(string cell, string[] expected)
    {
        var list = new List<string>();
        foreach (var v in TextValues.MultiValues(cell))
        {
            list.Add(v);
        }

        list.Should().Equal(expected);
    }
}
