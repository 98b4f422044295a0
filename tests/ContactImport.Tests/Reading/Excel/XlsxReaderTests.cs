using ContactImport.Core.Reading;
using ContactImport.Core.Reading.Excel;
using FluentAssertions;

namespace ContactImport.Tests.Reading.Excel;

[Collection(MemoryMeasurement.Name)]
public sealed class XlsxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ci-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathFor(string name) => Path.Combine(_dir, name);

    private string TwoSheets() => new XlsxFile()
        .Sheet("Notes", hidden: true).Row(1, "nothing", "here")
        .Sheet("Customers").Row(1, "Name", "Email", "Phone").Row(2, "Ann", "ann@example.com", "+49 30 1234")
        .Sheet("Suppliers").Row(1, "Company", "E-mail Address").Row(3, "Acme", "sales@acme.test").Row(4, "Beta", "hi@beta.test")
        .Write(PathFor("two.xlsx"));

    [Fact]
    public async Task The_first_visible_sheet_is_read_by_default_and_every_sheet_is_listed()
    {
        var path = TwoSheets();

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Format.Should().Be(FileFormat.Xlsx);
        inspection.Sheets.Should().Equal("Notes", "Customers", "Suppliers");
        inspection.Sheet.Should().Be("Customers");
        inspection.Headers.Should().Equal("Name", "Email", "Phone");
        inspection.TotalRows.Should().Be(1);
        rows.Should().ContainSingle().Which.Fields.Should().Equal("Ann", "ann@example.com", "+49 30 1234");
    }

    [Theory]
    [InlineData("Suppliers")]
    [InlineData("suppliers")]
    [InlineData("3")]
    public async Task A_sheet_is_chosen_by_name_or_number(string sheet)
    {
        var path = TwoSheets();
        var options = new ReadOptions { Sheet = sheet };

        var inspection = ContactFileReader.Inspect(path, options);
        var rows = await TempCsv.ReadAll(path, options);

        inspection.Sheet.Should().Be("Suppliers");
        inspection.Headers.Should().Equal("Company", "E-mail Address");
        rows.Select(r => (r.Row, r.Line, r.Fields[1])).Should().Equal((1L, 3L, "sales@acme.test"), (2L, 4L, "hi@beta.test"));
    }

    [Fact]
    public void An_unknown_sheet_is_a_file_error_that_lists_the_sheets()
    {
        var path = TwoSheets();

        var act = () => ContactFileReader.Inspect(path, new ReadOptions { Sheet = "Leads" });

        act.Should().Throw<ImportFileException>().WithMessage("The workbook has no sheet 'Leads'; its sheets are: 1 'Notes', 2 'Customers', 3 'Suppliers'.");
    }

    [Fact]
    public async Task Cells_read_as_displayed_numbers_dates_booleans_formulas_inline_and_rich_text()
    {
        var file = new XlsxFile().Sheet("Contacts").Row(1, "Email", "Phone", "Birthday", "Since", "Active", "Score", "Name", "Note", "Rate");
        var email = file.Shared("ann@example.com");
        var path = file.RawRow(2,
            $"<c r=\"A2\" t=\"s\"><v>{email}</v></c>" +
            "<c r=\"B2\"><v>491711234567</v></c>" +                                        // a 12-digit phone typed as a number
            "<c r=\"C2\" s=\"1\"><v>31048</v></c>" +                                      // built-in date format 14
            "<c r=\"D2\" s=\"2\"><v>45292</v></c>" +                                      // custom dd/mm/yyyy
            "<c r=\"E2\" t=\"b\"><v>1</v></c>" +
            "<c r=\"F2\"><f>SUM(1,2)</f><v>3</v></c>" +                                    // a formula: its cached value
            "<c r=\"G2\" t=\"inlineStr\"><is><r><t>An</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">n Lee</t></r><rPh><t>アン</t></rPh></is></c>" +
            "<c r=\"H2\" t=\"str\"><f>\"x\"&amp;\"y\"</f><v>xy</v></c>" +
            "<c r=\"I2\" s=\"3\"><v>0.30000000000000004</v></c>")
            .RawRow(3, "<c r=\"A3\" t=\"s\"><v>0</v></c><c r=\"B3\"><v>1.5E+3</v></c><c r=\"E3\" t=\"b\"><v>0</v></c>")
            .Write(PathFor("cells.xlsx"));

        var rows = await TempCsv.ReadAll(path);

        rows[0].Fields.Should().Equal("ann@example.com", "491711234567", "1985-01-01", "2024-01-01", "TRUE", "3", "Ann Lee", "xy", "0.3");
        rows[1].Fields.Should().Equal("Email", "1500", "", "", "FALSE", "", "", "", "");
    }

    [Fact]
    public async Task A_title_row_before_the_header_is_skipped_with_a_warning()
    {
        var path = new XlsxFile().Sheet("Export")
            .Row(1, "Contacts exported 2026-11-29")
            .Row(3, "First Name", "Last Name", "Email")
            .Row(4, "Ann", "Lee", "ann@example.com")
            .Write(PathFor("title.xlsx"));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Headers.Should().Equal("First Name", "Last Name", "Email");
        inspection.HeaderLine.Should().Be(3);
        inspection.Warnings.Should().Contain("Skipped 2 row(s) before the header row on row 3 of sheet 'Export'.");
        rows.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Row = 1L, Line = 4L });
    }

    [Fact]
    public async Task A_large_shared_strings_table_goes_to_a_temporary_file_and_memory_stays_bounded()
    {
        const int count = 300_000;
        var file = new XlsxFile().Sheet("Big").Row(1, "Email", "Name");
        var rowsXml = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            file.Shared($"person{i:D7}@example-company.com");
        }

        for (var i = 0; i < count; i++)
        {
            file.RawRow(i + 2, $"<c r=\"A{i + 2}\" t=\"s\"><v>{i + 2}</v></c><c r=\"B{i + 2}\" t=\"inlineStr\"><is><t>P{i}</t></is></c>");
        }

        var path = file.Write(PathFor("big.xlsx"));
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using (var workbook = XlsxWorkbook.Open(path))
        {
            var held = GC.GetTotalMemory(forceFullCollection: true) - before;

            workbook.Strings.Count.Should().Be(count + 2);
            workbook.Strings.IsSpilled.Should().BeTrue("12 MB of strings is over the 8 MB kept in memory");
            // The offsets index (8 bytes a string, in pages) and the block cache; not 300,000 strings.
            held.Should().BeLessThan(12L << 20);
            workbook.Strings[count + 1].Should().Be($"person{count - 1:D7}@example-company.com");
        }

        var rows = await TempCsv.ReadAll(path);
        rows.Should().HaveCount(count);
        rows[0].Fields.Should().Equal("person0000000@example-company.com", "P0");
        rows[^1].Fields.Should().Equal($"person{count - 1:D7}@example-company.com", $"P{count - 1}");
        rows[123_456].Fields[0].Should().Be("person0123456@example-company.com");
    }

    [Fact]
    public async Task Rows_past_the_preview_are_counted_without_their_text_exactly_as_the_import_reads_them()
    {
        var file = new XlsxFile().Sheet("Count").Row(1, "Email", "Name");
        var empty = file.Shared("");
        for (var i = 2; i <= 60; i++)
        {
            file.Row(i, $"p{i}@example.com", "P");
        }

        var path = file
            .RawRow(61, $"<c r=\"A61\" t=\"s\"><v>{empty}</v></c>")
            .RawRow(62, "<c r=\"A62\" t=\"inlineStr\"><is><t></t></is></c>")
            .RawRow(63, "<c r=\"A63\" t=\"str\"><f>\"\"</f><v></v></c>")
            .RawRow(64, "<c r=\"B64\" t=\"b\"><v>1</v></c>")
            .RawRow(65, "<c r=\"B65\"><f>6*7</f><v>42</v></c>")
            .RawRow(66, "<c r=\"A66\" t=\"inlineStr\"><is><r><t>x</t></r></is></c>")
            .Write(PathFor("count.xlsx"));

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        // Rows 61–63 show nothing (an empty shared string, inline string and formula result), so neither counts them.
        rows.Select(r => r.Line).Should().Equal(Enumerable.Range(2, 59).Select(i => (long)i).Concat([64L, 65L, 66L]));
        inspection.TotalRows.Should().Be(rows.Count);
        rows[^3].Fields.Should().Equal("", "TRUE");
    }

    [Fact]
    public void A_zip_that_is_not_a_workbook_is_a_file_error_naming_it()
    {
        var path = PathFor("doc.docx");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        {
            zip.CreateEntry("word/document.xml");
        }

        var act = () => ContactFileReader.Inspect(path, new ReadOptions());

        act.Should().Throw<ImportFileException>().WithMessage("The file is not a contact file: it looks like a Word document (.docx).");
    }

    [Fact]
    public void An_ole2_file_that_is_not_a_workbook_is_a_file_error()
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        var path = PathFor("old.doc");
        File.WriteAllBytes(path, bytes);

        var act = () => ContactFileReader.Inspect(path, new ReadOptions());

        act.Should().Throw<ImportFileException>().WithMessage("The file is not a contact file: it looks like an old Office document*");
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, "a PNG image")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "a PDF document")]
    public void Images_and_pdfs_are_file_errors_naming_what_they_look_like(byte[] start, string kind)
    {
        var bytes = new byte[1024];
        start.CopyTo(bytes, 0);
        var path = PathFor("x.csv");
        File.WriteAllBytes(path, bytes);

        var act = () => ContactFileReader.Inspect(path, new ReadOptions());

        act.Should().Throw<ImportFileException>().WithMessage($"*{kind}*");
    }
}
