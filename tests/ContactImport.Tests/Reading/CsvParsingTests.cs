using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

public sealed class CsvParsingTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Quoted_fields_keep_separators_doubled_quotes_and_newlines()
    {
        var path = _files.Write("name,note\n\"Smith, John\",\"said \"\"hi\"\"\nand left\"\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Should().ContainSingle();
        rows[0].Fields.Should().Equal("Smith, John", "said \"hi\"\nand left");
        rows[0].Error.Should().BeNull();
    }

    [Fact]
    public async Task Quoted_newline_keeps_the_next_record_line_number()
    {
        var path = _files.Write("a,b\n1,\"x\r\ny\r\nz\"\n2,3\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 2L), (2L, 5L));
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_not_counted()
    {
        var path = _files.Write("a,b\n\n1,2\r\n\r\n   \n,\n3,4\n\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.TotalRows.Should().Be(2);
        rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 3L), (2L, 7L));
    }

    [Fact]
    public async Task Values_are_returned_as_written_without_trimming()
    {
        var path = _files.Write(" Name , Email \n  Ann  , ann@x.io \n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Headers.Should().Equal("Name", "Email");
        rows[0].Fields.Should().Equal("  Ann  ", " ann@x.io ");
    }

    [Fact]
    public async Task Last_record_without_a_line_break_is_read()
    {
        var path = _files.Write("a,b\r\n1,2\r\n3,");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => r.Fields).Should().BeEquivalentTo(new[] { new[] { "1", "2" }, new[] { "3", "" } });
    }

    [Fact]
    public async Task Old_mac_carriage_return_line_ends_are_line_breaks()
    {
        var path = _files.Write("a,b\r1,\"x\ry\"\r\r2,3\r");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 2L), (2L, 5L));
        rows[0].Fields.Should().Equal("1", "x\ry");
    }

    [Fact]
    public async Task A_quote_after_a_space_is_a_literal_character_as_in_excel()
    {
        var path = _files.Write("a,b\n1, \"x,y\" \n");

        var rows = await TempCsv.ReadAll(path);

        rows[0].Fields.Should().Equal("1", " \"x", "y\" ");
        rows[0].Error.Should().Be("expected 2 fields, found 3");
    }

    [Fact]
    public async Task Text_after_a_closing_quote_joins_the_field()
    {
        var path = _files.Write("a,b\n1,\"x\" y\n");

        var rows = await TempCsv.ReadAll(path);

        rows[0].Fields.Should().Equal("1", "x y");
        rows[0].Error.Should().BeNull();
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData(',')]
    public async Task Quoted_fields_read_the_same_for_every_separator(char separator)
    {
        var s = separator.ToString();
        var path = _files.Write($"a{s}b{s}c\n\"x{s}1\"{s}\"say \"\"hi\"\"\"{s}\"line\r\nbreak\"\n");

        var rows = await TempCsv.ReadAll(path, new ReadOptions { Separator = separator });

        rows.Should().ContainSingle();
        rows[0].Fields.Should().Equal($"x{s}1", "say \"hi\"", "line\r\nbreak");
        rows[0].Error.Should().BeNull();
    }

    [Fact]
    public async Task Reading_twice_gives_the_same_rows()
    {
        var path = _files.Write("a,b\n1,2\n3,4\n");
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        using var source = ContactFileReader.Open(path, inspection, new ReadOptions());

        var first = await source.ReadAsync(0, CancellationToken.None).Select(r => r.Fields[0]).ToListAsync();
        var second = await source.ReadAsync(0, CancellationToken.None).Select(r => r.Fields[0]).ToListAsync();

        first.Should().Equal("1", "3");
        second.Should().Equal(first);
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public async Task Each_separator_is_detected(char separator)
    {
        var s = separator.ToString();
        var path = _files.Write($"name{s}email{s}phone\nAnn{s}a@x.io{s}\"1,2;3|4\"\nBob{s}b@x.io{s}5\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Separator.Should().Be(separator);
        inspection.Headers.Should().Equal("name", "email", "phone");
        rows[0].Fields.Should().Equal("Ann", "a@x.io", "1,2;3|4");
        rows.Should().OnlyContain(r => r.Error == null);
    }

    [Fact]
    public async Task Excel_sep_line_sets_the_separator_and_is_not_the_header()
    {
        var path = _files.Write("sep=;\r\nname;email\r\nAnn,Lee;a@x.io\r\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Separator.Should().Be(';');
        inspection.Headers.Should().Equal("name", "email");
        inspection.TotalRows.Should().Be(1);
        rows[0].Fields.Should().Equal("Ann,Lee", "a@x.io");
        rows[0].Line.Should().Be(3);
    }

    [Fact]
    public async Task Separator_option_overrides_detection()
    {
        var path = _files.Write("a;b,c\n1;2,3\n");

        var rows = await TempCsv.ReadAll(path, new ReadOptions { Separator = ',' });

        rows[0].Fields.Should().Equal("1;2", "3");
    }

    [Fact]
    public async Task Skip_rows_resumes_at_the_right_row_and_line()
    {
        var path = _files.Write("a,b\n1,\"x\ny\"\n\n2,2\n3,3\n4,4\n");

        var rows = await TempCsv.ReadAll(path, skip: 2);

        rows.Select(r => (r.Row, r.Line, r.Fields[0])).Should().Equal((3L, 6L, "3"), (4L, 7L, "4"));
    }

    [Fact]
    public void Total_rows_is_exact_and_the_preview_holds_the_first_20()
    {
        var path = _files.Write(stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write("id,email\n");
            for (var i = 1; i <= 12_345; i++)
            {
                writer.Write($"{i},\"user{i}@x.io\"\n");
                if (i % 100 == 0)
                {
                    writer.Write("\n");
                }
            }
        });

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.TotalRows.Should().Be(12_345);
        inspection.Preview.Should().HaveCount(20);
        inspection.Preview[19].Should().Equal("20", "user20@x.io");
        inspection.Format.Should().Be(FileFormat.Csv);
    }

    [Fact]
    public void Duplicate_header_names_give_a_warning()
    {
        var path = _files.Write("Email,Name,email\na@x.io,Ann,b@x.io\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.Warnings.Should().ContainSingle()
            .Which.Should().Be("Column 'Email' appears 2 times; the first is the primary value.");
    }
}
