using System.Text;
using ContactImport.Core.Reading;
using FluentAssertions;

namespace ContactImport.Tests.Reading;

public sealed class HeaderRowAndCharsetTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_linkedin_notes_preamble_is_skipped_and_rows_keep_their_record_numbers_and_lines()
    {
        var path = _files.Write(
            "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n" +
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            "Ann,Lee,https://www.linkedin.com/in/ann,ann@example.com,Acme,CEO,30 May 2024\n" +
            "Rashmi,\"Nayak, MSc, MBA, PHR\",https://www.linkedin.com/in/r,,,,01 Jun 2024\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Headers.Should().HaveCount(7).And.StartWith("First Name");
        inspection.HeaderLine.Should().Be(4);
        inspection.SkippedRecords.Should().Be(2);
        inspection.TotalRows.Should().Be(2);
        inspection.Warnings.Should().Contain("Skipped 3 line(s) before the header row on line 4.");
        inspection.Preview.Should().HaveCount(2);
        rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 5L), (2L, 6L));
        rows[1].Fields[1].Should().Be("Nayak, MSc, MBA, PHR");
    }

    [Fact]
    public async Task A_title_line_before_the_header_is_skipped()
    {
        var path = _files.Write("My contacts,,\nemail,phone,name\na@example.com,1,A\nb@example.com,2,B\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Headers.Should().Equal("email", "phone", "name");
        rows.Select(r => r.Fields[0]).Should().Equal("a@example.com", "b@example.com");
    }

    [Fact]
    public void A_first_row_that_maps_fields_stays_the_header_even_when_rows_are_ragged()
    {
        var path = _files.Write("email,phone,notes,extra\na@example.com,1\nnotes,x\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.HeaderLine.Should().Be(1);
        inspection.Headers.Should().Equal("email", "phone", "notes", "extra");
    }

    [Fact]
    public async Task A_lone_short_row_among_full_rows_stays_a_row_error()
    {
        var path = _files.Write("email,name,city\na@example.com,A,X\nb@example.com,B\n");

        var rows = await TempCsv.ReadAll(path);

        rows[1].Error.Should().Be("expected 3 fields, found 2");
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-32le")]
    [InlineData("utf-32be")]
    public async Task Utf16_and_utf32_without_a_byte_order_mark_are_told_by_their_nul_bytes(string name)
    {
        var encoding = name switch
        {
            "utf-16le" => Encoding.Unicode,
            "utf-16be" => Encoding.BigEndianUnicode,
            "utf-32le" => new UTF32Encoding(false, false),
            _ => new UTF32Encoding(true, false),
        };
        var path = _files.Write(encoding.GetBytes("email,name\nzoë@example.com,Zoë\n"));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be(name);
        rows.Should().ContainSingle().Which.Fields.Should().Equal("zoë@example.com", "Zoë");
    }

    [Fact]
    public async Task Utf32_with_a_byte_order_mark_is_not_taken_for_utf16()
    {
        var path = RealFiles.Root is null ? null : RealFiles.Path("csv-conformance/fastcsv/utf32le_bom.csv");
        var bytes = path is null
            ? [.. new UTF32Encoding(false, true).GetPreamble(), .. new UTF32Encoding(false, false).GetBytes("foo,bar\n1,2\n")]
            : File.ReadAllBytes(path);
        var file = _files.Write(bytes);

        var inspection = ContactFileReader.Inspect(file, new ReadOptions());
        var rows = await TempCsv.ReadAll(file);

        inspection.EncodingName.Should().Be("utf-32le");
        rows.Should().NotBeEmpty();
        rows[0].Error.Should().BeNull();
    }

    [Fact]
    public async Task Shift_jis_text_is_told_from_windows_1252()
    {
        var sjis = Encoding.GetEncoding("shift_jis");
        var path = _files.Write(sjis.GetBytes("名,姓,電子メール アドレス\n太郎,山田,taro@example.jp\n花子,鈴木,hanako@example.jp\n"));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.EncodingName.Should().Be("shift_jis");
        inspection.Headers.Should().Equal("名", "姓", "電子メール アドレス");
        rows[1].Fields.Should().Equal("花子", "鈴木", "hanako@example.jp");
    }

    [Fact]
    public void The_encoding_option_still_overrides_detection()
    {
        var path = _files.Write(Encoding.GetEncoding("shift_jis").GetBytes("名,電子メール\n太郎,taro@example.jp\n"));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions { Encoding = "windows-1252" });

        inspection.EncodingName.Should().Be("windows-1252");
    }

    [Fact]
    public void Text_that_already_holds_replacement_characters_gets_a_file_warning()
    {
        var path = _files.Write("email,name\na@example.com,M\uFFFDller\nb@example.com,Bob\nc@example.com,J\uFFFDrg\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.Warnings.Should().ContainSingle(w => w.StartsWith("2 row(s) already contain the replacement character", StringComparison.Ordinal)
            && w.Contains("first on line 2", StringComparison.Ordinal));
    }

    static HeaderRowAndCharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
