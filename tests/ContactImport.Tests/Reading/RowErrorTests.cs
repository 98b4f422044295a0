using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

/// <summary>Not run in parallel with other tests, so the allocation measurement sees only this reader.</summary>
[CollectionDefinition(nameof(RowErrorTests), DisableParallelization = true)]
public sealed class RowErrorCollection;

[Collection(nameof(RowErrorTests))]
public sealed class RowErrorTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Ragged_rows_fail_with_the_field_counts()
    {
        var path = _files.Write("a,b,c\n1,2\n1,2,3,4\n1,2,3\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => r.Error).Should().Equal(
            "expected 3 fields, found 2", "expected 3 fields, found 4", null);
        rows[1].Fields.Should().Equal("1", "2", "3", "4");
    }

    [Fact]
    public async Task Unterminated_quote_at_the_end_resynchronizes_after_its_line()
    {
        var path = _files.Write("a,b\n1,\"open\n2,2\n3,3\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.TotalRows.Should().Be(3);
        rows.Should().HaveCount(3);
        rows[0].Line.Should().Be(2);
        rows[0].Error.Should().Be(
            "field 2 has an opening quote on line 2 that is never closed; reading resumed on line 3");
        rows[0].Fields.Should().Equal("1");
        rows.Skip(1).Select(r => (r.Row, r.Line, r.Error)).Should().Equal((2L, 3L, (string?)null), (3L, 4L, null));
    }

    [Fact]
    public async Task Unterminated_quote_on_the_last_line_fails_that_row()
    {
        var path = _files.Write("a,b\n1,2\n3,\"x");

        var rows = await TempCsv.ReadAll(path);

        rows.Should().HaveCount(2);
        rows[1].Error.Should().Be("field 2 has an opening quote on line 3 that is never closed");
    }

    [Fact]
    public async Task Quote_that_closes_on_a_later_line_with_text_after_it_resynchronizes()
    {
        var path = _files.Write("a,b\n1,\"broken\n2,2\n3,\"x\"y\n4,4\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 2L), (2L, 3L), (3L, 4L), (4L, 5L));
        rows[0].Error.Should().StartWith("field 2 has text after its closing quote (the quote opened on line 2)");
        rows[1].Error.Should().BeNull();
        rows[2].Fields.Should().Equal("3", "xy");
        rows[2].Error.Should().BeNull();
        rows[3].Error.Should().BeNull();
    }

    [Fact]
    public async Task A_quote_inside_an_unquoted_field_is_a_literal_character()
    {
        var path = _files.Write("a,b\n1,5'10\" tall\n2,=HYPERLINK(\"x\")\n");

        var rows = await TempCsv.ReadAll(path);

        rows[0].Fields.Should().Equal("1", "5'10\" tall");
        rows[0].Error.Should().BeNull();
        rows[1].Fields.Should().Equal("2", "=HYPERLINK(\"x\")");
        rows[1].Error.Should().BeNull();
    }

    [Fact]
    public async Task Nul_byte_in_a_field_is_a_row_error()
    {
        var text = new StringBuilder("a,b\n");
        for (var i = 0; i < 50; i++)
        {
            text.Append($"row{i},value{i}\n");
        }

        text.Append("x,bad\0value\ny,z\n");
        var path = _files.Write(text.ToString());

        var rows = await TempCsv.ReadAll(path);

        rows.Should().HaveCount(52);
        rows[50].Error.Should().Be("field 2 contains a NUL byte (the file may be corrupt)");
        rows[51].Error.Should().BeNull();
    }

    [Fact]
    public async Task Ten_megabyte_field_fails_its_row_and_reading_goes_on()
    {
        var path = _files.Write(stream =>
        {
            stream.Write("a,b\n1,\""u8);
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'x');
            for (var i = 0; i < 10; i++)
            {
                stream.Write(chunk);
            }

            stream.Write("\"\n2,2\n"u8);
        });

        var rows = await TempCsv.ReadAll(path);

        rows.Should().HaveCount(2);
        rows[0].Error.Should().Be("the record is larger than the limit of 1,048,576 bytes");
        rows[0].Fields.Should().BeEmpty();
        rows[1].Should().BeEquivalentTo(new SourceRow(2, 3, ["2", "2"]));
    }

    [Fact]
    public async Task Thirty_megabyte_line_without_a_line_break_stays_in_bounded_memory()
    {
        var path = _files.Write(stream =>
        {
            stream.Write("a,b\n1,2\n"u8);
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'y');
            for (var i = 0; i < 30; i++)
            {
                stream.Write(chunk);
            }
        });

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        inspection.TotalRows.Should().Be(2);
        rows[1].Error.Should().StartWith("the record is larger than the limit");
        allocated.Should().BeLessThan(30L << 20, "a 30 MB line must never be held whole");
    }

    [Fact]
    public async Task Oversized_unterminated_quote_is_reported_as_unterminated_and_resynchronizes()
    {
        var path = _files.Write(stream =>
        {
            stream.Write("a,b\n1,\"never closed\n"u8);
            for (var i = 0; i < 100_000; i++)
            {
                stream.Write("2,some longer value here\n"u8);
            }
        });

        var rows = await TempCsv.ReadAll(path, new ReadOptions { MaxRecordBytes = 64 * 1024 });

        rows.Should().HaveCount(100_001);
        rows[0].Error.Should().StartWith("field 2 has an opening quote on line 2 that is never closed");
        rows[1].Line.Should().Be(3);
        rows.Skip(1).Should().OnlyContain(r => r.Error == null);
    }
}
