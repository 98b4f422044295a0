using ContactImport.Core.Reports;

namespace ContactImport.Tests.Reports;

public sealed class CsvOutTests
{
    private static string Row(params string?[] cells)
    {
        using var writer = new StringWriter();
        CsvOut.WriteRow(writer, cells);
        return writer.ToString();
    }

    [Fact]
    public void Plain_cells_are_written_as_is_and_the_row_ends_with_crlf()
    {
        Row("a", "b c", "O'Brien", "zoë@example.com").Should().Be("a,b c,O'Brien,zoë@example.com\r\n");
    }

    [Fact]
    public void Null_and_empty_cells_are_empty()
    {
        Row(null, "", "x").Should().Be(",,x\r\n");
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line 1\nline 2", "\"line 1\nline 2\"")]
    [InlineData("line 1\r\nline 2", "\"line 1\r\nline 2\"")]
    [InlineData("\"", "\"\"\"\"")]
    public void Cells_with_commas_quotes_or_newlines_are_quoted(string cell, string expected)
    {
        Row(cell).Should().Be(expected + "\r\n");
    }

    [Theory]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+1 415 555 0100", "'+1 415 555 0100")]
    [InlineData("-5", "'-5")]
    [InlineData("@home", "'@home")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    public void Cells_starting_with_a_formula_character_get_a_leading_apostrophe(string cell, string expected)
    {
        CsvOut.Guard(cell).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    [InlineData("'quoted")]
    [InlineData("#tag")]
    [InlineData("%20")]
    [InlineData("1+1")]
    [InlineData("\nx")]
    [InlineData("(415) 555-0100")]
    public void Other_cells_are_not_guarded(string cell)
    {
        CsvOut.Guard(cell).Should().BeSameAs(cell);
    }

    [Fact]
    public void A_guarded_cell_is_also_quoted_when_it_needs_quoting()
    {
        Row("=HYPERLINK(\"http://x\",\"y\")").Should().Be("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
        Row("\rx").Should().Be("\"'\rx\"\r\n");
        Row("\tx").Should().Be("'\tx\r\n");
    }
}
