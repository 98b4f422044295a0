using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using FluentAssertions;

namespace ContactImport.Tests.Reading;

/// <summary>
/// One test per real export in real-files/csv/: what the reader detects (encoding, separator, header row), which
/// columns map to the key fields, and the key values of every data row, as read from each file by hand.
/// </summary>
public sealed class RealCsvFileTests
{
    private sealed record Read(FileInspection Inspection, IReadOnlyList<ColumnBinding> Map, List<SourceRow> Rows)
    {
        public string[] Columns(ContactField field, bool? mobile = null) =>
            Map.Where(b => b.Field == field && (mobile is null || b.IsMobile == mobile)).Select(b => b.Header).ToArray();

        /// <summary>Per row, the non-empty values of the columns mapped to <paramref name="field"/>, joined by " | ".</summary>
        public string[] Values(ContactField field) =>
            Rows.Select(r => string.Join(" | ", Map.Where(b => b.Field == field && b.Index < r.Fields.Length)
                .Select(b => r.Fields[b.Index].Trim()).Where(v => v.Length > 0))).ToArray();
    }

    private static async Task<Read> ReadAsync(string name)
    {
        var path = RealFiles.Path("csv/" + name);
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);
        rows.Should().OnlyContain(r => r.Error == null, "every row of a real export reads without a row error");
        return new Read(inspection, HeaderMapper.Suggest(inspection.Headers), rows);
    }

    [RealFileFact]
    public async Task Apple_address_book_german_tab_export_maps_its_german_headers()
    {
        var read = await ReadAsync("apple-addressbook-tab-german_tine_adb_mac_import.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Inspection.Separator.Should().Be('\t');
        read.Inspection.HeaderLine.Should().Be(1);
        read.Inspection.Headers.Should().HaveCount(41);
        read.Columns(ContactField.FirstName).Should().Equal("Vorname");
        read.Columns(ContactField.LastName).Should().Equal("Nachname");
        read.Columns(ContactField.Company).Should().Equal("Firma");
        read.Columns(ContactField.JobTitle).Should().Equal("Berufsbezeichnung");
        read.Columns(ContactField.Email).Should().Equal("Arbeit E-Mail", "Privat E-Mail", "Andere E-Mail");
        read.Columns(ContactField.Phone, mobile: false).Should().Equal("Arbeit Telefon", "Privat Telefon", "Hauptnummer", "Andere Telefonnummer");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("Mobiltelefon");
        read.Rows.Select(r => (r.Row, r.Line)).Should().Equal((1L, 2L));
        read.Values(ContactField.Email).Should().Equal("max@muster.de");
        read.Values(ContactField.Phone).Should().Equal("04012345");
        read.Values(ContactField.FirstName).Should().Equal("Max");
    }

    [RealFileFact]
    public async Task Generic_all_fields_file_with_a_bom_maps_every_email_and_phone_column()
    {
        var read = await ReadAsync("generic-bom_roundcube_all.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Inspection.Separator.Should().Be(',');
        read.Inspection.Headers[0].Should().Be("Display Name", "the byte order mark is not part of the first header");
        read.Columns(ContactField.FullName).Should().Equal("Display Name");
        read.Columns(ContactField.Email).Should().Equal("Email Home", "Email Work", "Email Other");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("Home Mobile");
        read.Columns(ContactField.Phone, mobile: false).Should().Equal(
            "Home Phone", "Home Phone 2", "Business Phone", "Business Phone 2", "Primary Phone", "Car Phone", "Other Phone");
        read.Values(ContactField.Email).Should().Equal("home@example.com | work@example.com | other@example.com");
        read.Values(ContactField.Phone).Should().Equal("100 | 200 | 300 | 400 | 500 | 600 | 900 | 444");
    }

    [RealFileFact]
    public async Task Google_legacy_export_maps_its_numbered_value_columns()
    {
        var read = await ReadAsync("google-legacy_roundcube_gmail.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Inspection.Headers.Should().HaveCount(81);
        read.Columns(ContactField.FirstName).Should().Equal("Given Name");
        read.Columns(ContactField.LastName).Should().Equal("Family Name");
        read.Columns(ContactField.FullName).Should().Equal("Name");
        read.Columns(ContactField.Company).Should().Equal("Organization 1 - Name");
        read.Columns(ContactField.Email).Should().Equal("E-mail 1 - Value", "E-mail 2 - Value", "E-mail 3 - Value", "E-mail 4 - Value");
        read.Columns(ContactField.Phone).Should().Equal(Enumerable.Range(1, 7).Select(i => $"Phone {i} - Value"));
        read.Map.Where(b => b.Header.EndsWith("- Type", StringComparison.Ordinal)).Should().OnlyContain(b => b.Field == ContactField.Ignore);
        read.Values(ContactField.Email).Should().Equal("home@aaa.pl | work@email.pl | unknown@email.com | other@email.com");
        read.Values(ContactField.Phone).Should().Equal("pager | mainphone | homephone | homefax | mobile | workphone | workfax");
        read.Rows[0].Fields[Array.IndexOf(read.Inspection.Headers.ToArray(), "Group Membership")].Should().Be("* My Contacts ::: Test");
    }

    [RealFileFact]
    public void Linkedin_connections_header_is_found_past_its_notes_preamble_and_has_no_rows()
    {
        // Cut to its header by the README (the rest were the owner's real connections): nothing to import, and
        // the message names the header's line past the three preamble lines.
        var path = RealFiles.Path("csv/linkedin-connections_HEADER-ONLY_JasonToups.csv");

        var act = () => ContactFileReader.Inspect(path, new ReadOptions());

        act.Should().Throw<ImportFileException>().WithMessage("The file has a header line (line 4, after 3 lines before it) but no data rows.");
    }

    [RealFileFact]
    public async Task Lxoffice_erp_export_maps_snake_case_headers_and_its_customer_numbers()
    {
        var read = await ReadAsync("lxoffice-erp-export_tine_importtest_lxoffice2.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Columns(ContactField.ExternalId).Should().Equal("customernumber");
        read.Columns(ContactField.FullName).Should().Equal("name");
        read.Columns(ContactField.FirstName).Should().Equal("cp_givenname");
        read.Columns(ContactField.LastName).Should().Equal("cp_name");
        read.Columns(ContactField.Email).Should().Equal("email", "cp_email");
        read.Columns(ContactField.Phone, mobile: false).Should().Equal("phone", "cp_phone1", "cp_phone2");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("cp_mobile1", "cp_mobile2");
        read.Values(ContactField.ExternalId).Should().Equal("73029", "72810", "72911", "73222", "60014", "72811");
        read.Values(ContactField.Phone).Should().Equal("12345", "12345", "", "1233453", "123 2323883 | 0172 6508462", "12345");
        read.Values(ContactField.Email).Should().Equal("", "", "", "",
            "adr1l@googlemail.com, adr2l@googlemail.com, adr3l@googlemail.com | jr@schwimmbad-und-mehr.de", "");
        read.Values(ContactField.FullName)[4].Should().Be("Gartencenter Röhr & Vater");
    }

    [RealFileFact]
    public async Task Outlook_email_columns_only_map_to_email()
    {
        var read = await ReadAsync("outlook-emailcols_roundcube_outlook.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Columns(ContactField.Email).Should().Equal("E-mail Address", "E-mail 2 Address", "E-mail 3 Address");
        read.Values(ContactField.Email).Should().Equal("test1@domain.tld | test2@domain.tld | test3@domain.tld");
    }

    [RealFileFact]
    public async Task Outlook_2007_german_export_with_replacement_characters_warns_and_still_maps()
    {
        var read = await ReadAsync("outlook2007-german-mojibake-fffd_tine_adb_outlook2007_default_de.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Inspection.Headers.Should().HaveCount(92);
        read.Inspection.ShortRowWidth.Should().Be(89);
        read.Inspection.Warnings.Should().Contain(w => w.Contains("replacement character", StringComparison.Ordinal) && w.Contains("line 1", StringComparison.Ordinal));
        read.Inspection.Warnings.Should().Contain("The data rows have 89 fields but the header has 92: the last 3 column(s) are read as empty.");
        read.Columns(ContactField.Email).Should().Equal("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse");
        read.Columns(ContactField.Phone).Should().Contain(["Telefon gesch\uFFFDftlich", "Mobiltelefon", "Autotelefon"]);
        read.Rows.Select(r => r.Fields.Length).Should().OnlyContain(n => n == 92);
        read.Values(ContactField.Email).Should().Equal("", "email@example.org");
        read.Values(ContactField.Company).Should().Equal("The Firm", "Firma");
        read.Rows[0].Fields[31].Should().Be("+4983242332");
        read.Values(ContactField.Phone)[1].Should().Contain("tel_cell").And.Contain("tel_work");
    }

    [RealFileFact]
    public async Task Outlook_2013_german_export_in_windows_1252_maps_its_german_headers()
    {
        var read = await ReadAsync("outlook2013-german-cp1252_tine_importtest_outlook2013.csv");

        read.Inspection.EncodingName.Should().Be("windows-1252");
        read.Inspection.Separator.Should().Be(',');
        read.Inspection.ShortRowWidth.Should().Be(89);
        read.Columns(ContactField.FirstName).Should().Equal("Vorname");
        read.Columns(ContactField.LastName).Should().Equal("Nachname");
        read.Columns(ContactField.Company).Should().Equal("Firma");
        read.Columns(ContactField.JobTitle).Should().Equal("Position");
        read.Columns(ContactField.Email).Should().Equal("E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("Mobiltelefon", "Mobiltelefon 2");
        read.Columns(ContactField.Phone, mobile: false).Should().Contain(["Telefon geschäftlich", "Telefon (privat)", "Haupttelefon"]);
        read.Map.Single(b => b.Header == "Ort").Field.Should().Be(ContactField.Custom, "Outlook's 'Ort' is a meeting location, not the city");
        read.Map.Single(b => b.Header == "E-Mail-Typ").Field.Should().Be(ContactField.Ignore);
        read.Values(ContactField.Email).Should().Equal("c.baumann@unittest.de", "c.weiss@unittest.de");
        read.Values(ContactField.LastName).Should().Equal("Baumann", "Weiß");
        read.Values(ContactField.Phone).Should().Equal(
            "+49 (0) 40 6432131-550", "040 6432131545 | 040 6432131545 | 0176 164321545");
    }

    [RealFileFact]
    public async Task Semicolon_file_in_windows_1252_reads_its_umlauts()
    {
        var read = await ReadAsync("semicolon-cp1252_tine_importtest_win1252.csv");

        read.Inspection.EncodingName.Should().Be("windows-1252");
        read.Inspection.Separator.Should().Be(';');
        read.Columns(ContactField.Email).Should().Equal("E-Mail");
        read.Values(ContactField.Email).Should().Equal(
            "peter.pan@ecologic.eu", "maja.biene@bienenstock.de", "oezdemir@ueglue.tu", "c.weiss@metaways.de");
        read.Values(ContactField.FirstName).Should().Equal("Peter", "Maja", "ÖzdemirÖ", "Weiss");
        read.Values(ContactField.LastName)[2].Should().Be("Üglü");
    }

    [RealFileFact]
    public async Task Semicolon_thunderbird_file_maps_primary_email()
    {
        var read = await ReadAsync("semicolon_tb_csv_semicolon.csv");

        read.Inspection.Separator.Should().Be(';');
        read.Columns(ContactField.Email).Should().Equal("Primary Email");
        read.Values(ContactField.Email).Should().Equal("john@doe.invalid", "jane@doe.invalid");
    }

    [RealFileFact]
    public async Task Thunderbird_tab_separated_export_reads_its_quoted_fields()
    {
        var read = await ReadAsync("thunderbird-export-tab-separated_tb_export.txt");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Inspection.Separator.Should().Be('\t');
        AssertThunderbirdExport(read, "custom\n4");
    }

    [RealFileFact]
    public async Task Thunderbird_csv_export_reads_tabs_and_line_breaks_inside_quotes()
    {
        var read = await ReadAsync("thunderbird-export_embedded-crlf-tab_tb_export.csv");

        read.Inspection.Separator.Should().Be(',');
        AssertThunderbirdExport(read, "custom\n4");
    }

    private static void AssertThunderbirdExport(Read read, string custom4)
    {
        read.Inspection.Headers.Should().HaveCount(37);
        read.Columns(ContactField.Email).Should().Equal("Primary Email", "Secondary Email");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("Mobile Number");
        read.Columns(ContactField.Phone, mobile: false).Should().Equal("Work Phone", "Home Phone");
        read.Values(ContactField.Email).Should().Equal("contact1@invalid", "contact2@invalid");
        read.Values(ContactField.JobTitle).Should().Equal("", "\"worker\"");
        read.Rows.Select(r => r.Line).Should().Equal(2L, 3L);
        var second = read.Rows[1].Fields;
        second[^5..].Should().Equal("custom, 1", "custom\t2", "custom\r3", custom4, "here's some unicode text…");
    }

    [RealFileFact]
    public async Task Thunderbird_file_with_every_field_quoted_keeps_a_contact_with_only_a_phone()
    {
        var read = await ReadAsync("thunderbird-quoted-crlf_tb_quote.csv");

        read.Inspection.EncodingName.Should().Be("utf-8");
        read.Rows.Should().ContainSingle();
        read.Values(ContactField.FullName).Should().Equal("Acer America");
        read.Values(ContactField.Company).Should().Equal("Acer America");
        read.Values(ContactField.Phone).Should().Equal("(800) 000-0000");
        read.Values(ContactField.Email).Should().Equal("");
    }

    [RealFileFact]
    public async Task Thunderbird_file_in_shift_jis_reads_as_shift_jis()
    {
        var read = await ReadAsync("thunderbird-shiftjis_tb_shiftjis_addressbook.csv");

        read.Inspection.EncodingName.Should().Be("shift_jis");
        read.Inspection.Headers.Should().HaveCount(38);
        read.Values(ContactField.FirstName).Should().Equal("権兵衛");
        read.Values(ContactField.LastName).Should().Equal("名無し");
        read.Values(ContactField.Email).Should().Equal("名無しの権兵衛@host.invalid");
    }

    [RealFileFact]
    public async Task Thunderbird_file_with_a_trailing_comma_keeps_an_empty_last_header()
    {
        var read = await ReadAsync("thunderbird-trailing-comma_tb_basic_addressbook.csv");

        read.Inspection.Headers.Should().HaveCount(38);
        read.Inspection.Headers[^1].Should().BeEmpty();
        read.Inspection.Headers[^2].Should().Be("Screen Name");
        read.Values(ContactField.Email).Should().Equal("johndoe@host.invalid");
        read.Values(ContactField.FullName).Should().Equal("John Doe");
    }

    [RealFileFact]
    public async Task Thunderbird_file_in_utf16_with_a_bom_reads_as_utf16()
    {
        var read = await ReadAsync("thunderbird-utf16le-bom_tb_utf16_addressbook.csv");

        read.Inspection.EncodingName.Should().Be("utf-16le");
        read.Inspection.Headers[0].Should().Be("First Name");
        read.Values(ContactField.Email).Should().Equal("johndoe@host.invalid");
        read.Values(ContactField.FirstName).Should().Equal("John");
    }

    [RealFileFact]
    public async Task Thunderbird_plain_export_maps_primary_secondary_email_and_mobile()
    {
        var read = await ReadAsync("thunderbird_roundcube_tb_plain.csv");

        read.Inspection.Headers.Should().HaveCount(38);
        read.Values(ContactField.Email).Should().Equal("test@domain.tld | next@domain.tld");
        read.Columns(ContactField.Phone, mobile: true).Should().Equal("Mobile Number");
        read.Values(ContactField.Phone).Should().Equal("phone work | phone home | mobile");
        read.Values(ContactField.FullName).Should().Equal("Displayname");
    }
}
