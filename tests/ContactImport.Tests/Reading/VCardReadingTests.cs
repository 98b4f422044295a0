using System.Text;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

public sealed class VCardReadingTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\r\r\n")]
    public async Task Every_line_end_reads_the_same_card(string end)
    {
        var text = string.Join(end, "BEGIN:VCARD", "VERSION:3.0", "FN:Ann Lee", "N:Lee;Ann;;;", "EMAIL:ann@example.com",
            "NOTE:first", "  continued", "END:VCARD", "");

        var row = (await Read(text)).Single();

        row["full_name"].Should().Be("Ann Lee");
        row["email"].Should().Be("ann@example.com");
        row["notes"].Should().Be("first continued");
    }

    [Fact]
    public async Task A_leading_space_or_tab_continues_a_line_even_inside_a_word()
    {
        var row = (await Read("BEGIN:VCARD\nFN:An\n n Lee\nEMAIL:ann@exa\n\tmple.com\nEND:VCARD\n")).Single();

        row["full_name"].Should().Be("Ann Lee");
        row["email"].Should().Be("ann@example.com");
    }

    [Fact]
    public async Task Quoted_printable_soft_breaks_join_lines_and_utf8_bytes_decode_with_their_charset()
    {
        var row = (await Read(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91u=C3=B1ez;Jos=\r\n=C3=A9;;;\r\n" +
            "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline=\r\n two\r\nTEL;CELL:+1 201 555 0123\r\nEND:VCARD\r\n")).Single();

        row["last_name"].Should().Be("Ñuñez");
        row["first_name"].Should().Be("José");
        row["notes"].Should().Be("line one\nline two");
    }

    [Fact]
    public async Task Quoted_printable_bytes_without_a_charset_fall_back_to_windows_1252_and_a_charset_wins()
    {
        var row = (await Read(
            "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski\r\n" +
            "N;CHARSET=windows-1250;ENCODING=QUOTED-PRINTABLE:Iksi=F1ski;Piotr\r\nEMAIL:p@example.com\r\nEND:VCARD\r\n")).Single();

        row["full_name"].Should().Be("Iksiñski");
        row["last_name"].Should().Be("Iksiński");
    }

    [Fact]
    public async Task Raw_8_bit_bytes_follow_their_charset_or_fall_back_to_windows_1252()
    {
        var bytes = Latin1("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=windows-1252:Do\u00EB;John\r\nFN:M\u00FCnchen\r\nEMAIL:j@example.com\r\nEND:VCARD\r\n");
        var path = _files.Write(bytes);

        var rows = await Read(path);

        rows.Single()["last_name"].Should().Be("Doë");
        rows.Single()["full_name"].Should().Be("München");
        ContactFileReader.Inspect(path, new ReadOptions()).EncodingName.Should().Be("windows-1252");
    }

    [Fact]
    public async Task Raw_utf8_without_a_charset_is_utf8()
    {
        var path = _files.Write("BEGIN:VCARD\nVERSION:2.1\nADR:;;Teststraße 1;Hamburg;;12345;\nTEL:040 12345\nEND:VCARD\n");

        (await Read(path)).Single()["street"].Should().Be("Teststraße 1");
        ContactFileReader.Inspect(path, new ReadOptions()).EncodingName.Should().Be("utf-8");
    }

    [Theory]
    [InlineData("utf-16le", false)]
    [InlineData("utf-16be", false)]
    [InlineData("utf-16le", true)]
    [InlineData("utf-16be", true)]
    public async Task Utf16_with_or_without_a_byte_order_mark_is_read(string encodingName, bool bom)
    {
        var encoding = encodingName == "utf-16le" ? Encoding.Unicode : Encoding.BigEndianUnicode;
        var text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:\u013DdaMont\u00E9;\u01FCgean;;;\r\nEMAIL:a@example.com\r\nEND:VCARD\r\n";
        var path = _files.Write([.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);

        var row = (await Read(path)).Single();

        row["last_name"].Should().Be("ĽdaMonté");
        row["first_name"].Should().Be("Ǽgean");
        ContactFileReader.Inspect(path, new ReadOptions()).EncodingName.Should().Be(encodingName);
    }

    [Fact]
    public async Task An_item_group_label_names_its_property_and_a_mobile_label_makes_the_primary_phone()
    {
        var row = (await Read(
            "BEGIN:VCARD\nVERSION:3.0\nFN:A B\nTEL;TYPE=HOME:111\nitem1.TEL:222\nitem1.X-ABLabel:_$!<Mobile>!$_\n" +
            "item2.X-ABRELATEDNAMES:Jenny\nitem2.X-ABLabel:_$!<Spouse>!$_\nX-ABRELATEDNAMES:Tom\nEND:VCARD\n")).Single();

        row["phone"].Should().Be("222");
        row["phone 2"].Should().Be("111");
        row["X-ABRELATEDNAMES"].Should().Be("Spouse: Jenny\nTom");
        row.Keys.Should().NotContain(k => k.Contains("LABEL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Escapes_are_undone_after_structured_values_are_split()
    {
        var row = (await Read(
            "BEGIN:VCARD\nVERSION:3.0\nN:O\\;Brien;Pat\\, Jr.;;;\nORG:ORGANI\\,SATION;UN\\;IT\nNOTE:a\\nb\\\\c\\:d\n" +
            "URL:http\\://example.com\nEMAIL:p@example.com\nEND:VCARD\n")).Single();

        row["last_name"].Should().Be("O;Brien");
        row["first_name"].Should().Be("Pat, Jr.");
        row["company"].Should().Be("ORGANI,SATION");
        row["department"].Should().Be("UN;IT");
        row["notes"].Should().Be("a\nb\\c:d");
        row["website"].Should().Be("http://example.com");
    }

    [Fact]
    public async Task Bare_21_types_and_30_type_lists_choose_the_preferred_email_and_the_mobile_phone()
    {
        var rows = await Read(
            "BEGIN:VCARD\nVERSION:2.1\nEMAIL;INTERNET:a@example.com\nEMAIL;PREF;INTERNET:b@example.com\n" +
            "TEL;WORK;VOICE:111\nTEL;PREF;HOME:222\nTEL;CELL;VOICE:333\nEND:VCARD\n" +
            "BEGIN:VCARD\nVERSION:3.0\nEMAIL;TYPE=INTERNET:c@example.com\nEMAIL;type=INTERNET;type=pref:d@example.com\n" +
            "TEL;TYPE=WORK:444\nTEL;TYPE=\"work,cell\":555\nEND:VCARD\n" +
            "BEGIN:VCARD\nVERSION:4.0\nEMAIL:e@example.com\nEMAIL;PREF=1:f@example.com\nTEL;TYPE=home:666\n" +
            "TEL;PREF=1;VALUE=uri:tel:+1-201-555-0123;ext=7\nEND:VCARD\n");

        rows.Select(r => (r["email"], r["email 2"], r["phone"], r["phone 2"])).Should().Equal(
            ("b@example.com", "a@example.com", "333", "111"),
            ("d@example.com", "c@example.com", "555", "444"),
            ("f@example.com", "e@example.com", "+1-201-555-0123 ext. 7", "666"));
        rows[0]["phone 3"].Should().Be("222");
    }

    [Fact]
    public async Task Addresses_websites_and_dates_take_the_preferred_or_first_and_keep_the_rest_as_custom_fields()
    {
        var row = (await Read(
            "BEGIN:VCARD\nVERSION:3.0\nEMAIL:a@example.com\nADR;TYPE=HOME:;;1 Home St;Hometown;;111;\n" +
            "ADR;TYPE=WORK,PREF:PO 9;Suite 5;2 Work Rd;Worktown;WT;222;Utopia\nURL:http://one.example\n" +
            "URL;TYPE=PREF:http://two.example\nBDAY:19800322\nANNIVERSARY:--0203\nCATEGORIES:VIP,Friends\\, old\n" +
            "CATEGORIES:Golf\nUID:urn:uuid:42\nEND:VCARD\n")).Single();

        row["street"].Should().Be("2 Work Rd\nSuite 5\nPO 9");
        row["city"].Should().Be("Worktown");
        row["region"].Should().Be("WT");
        row["postal_code"].Should().Be("222");
        row["country"].Should().Be("Utopia");
        row["ADR"].Should().Be("home: 1 Home St, Hometown, 111");
        row["website"].Should().Be("http://two.example");
        row["vCard URL"].Should().Be("http://one.example");
        row["birthday"].Should().Be("1980-03-22");
        row["ANNIVERSARY"].Should().Be("--0203");
        row["tags"].Should().Be("VIP, Friends, old, Golf");
        row["external_id"].Should().Be("urn:uuid:42");
    }

    [Theory]
    [InlineData("19800322", "1980-03-22")]
    [InlineData("1980-03-22", "1980-03-22")]
    [InlineData("1980-03-22T00:00:00Z", "1980-03-22")]
    [InlineData("--0203", "--02-03")]
    [InlineData("--02-03", "--02-03")]
    [InlineData("March 3rd", "March 3rd")]
    public async Task A_birthday_in_a_vcard_date_form_becomes_iso(string bday, string expected)
    {
        var row = (await Read($"BEGIN:VCARD\nBDAY:{bday}\nEMAIL:a@example.com\nEND:VCARD\n")).Single();

        row["birthday"].Should().Be(expected);
    }

    [Fact]
    public async Task Photo_logo_sound_and_key_data_is_skipped_even_when_larger_than_the_record_limit()
    {
        var photo = new string('A', 3 * 1024 * 1024);
        var folded = string.Join("\r\n ", Enumerable.Range(0, photo.Length / 74).Select(i => photo.Substring(i * 74, 74)));
        var path = _files.Write(
            $"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nLOGO:{photo}\r\n" +
            "SOUND;X-IRMC-N;CHARSET=SHIFT_JIS:abc\r\nKEY;X509;ENCODING=BASE64:\r\n ZZZZ\r\n\r\nEMAIL:big@example.com\r\nEND:VCARD\r\n");

        var rows = await TempCsv.ReadAll(path, new ReadOptions { MaxRecordBytes = 64 * 1024 });
        var inspection = ContactFileReader.Inspect(path, new ReadOptions { MaxRecordBytes = 64 * 1024 });

        rows.Single().Error.Should().BeNull();
        inspection.Headers.Should().Equal("full_name", "email", "phone");
        rows.Single().Fields.Should().Equal("Big Photo", "big@example.com", "");
    }

    [Fact]
    public async Task Junk_and_blank_lines_outside_cards_are_skipped_with_a_warning()
    {
        var path = _files.Write("\n\nENCODING:UTF-8\nhello\nBEGIN:VCARD\nEMAIL:a@example.com\nEND:VCARD\n\njunk\n\nBEGIN:VCARD\nEMAIL:b@example.com\nEND:VCARD\n\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line, r.Fields[0])).Should().Equal((1, 5, "a@example.com"), (2, 11, "b@example.com"));
        ContactFileReader.Inspect(path, new ReadOptions()).Warnings.Should().Equal("3 line(s) outside any BEGIN:VCARD … END:VCARD were skipped.");
    }

    [Fact]
    public async Task A_malformed_property_line_is_a_warning_and_the_card_still_imports()
    {
        var path = _files.Write("BEGIN:VCARD\nVERSION:3.0\nLABEL,TYPE=HOME:Klippe 58\n21255 Bad Vilbel\n:no name\nEMAIL:a@example.com\nEND:VCARD\n");

        var rows = await Read(path);

        rows.Single()["email"].Should().Be("a@example.com");
        rows.Single().Keys.Should().BeEquivalentTo("email", "phone");
        ContactFileReader.Inspect(path, new ReadOptions()).Warnings.Should().Equal(
            "Line 3: 'LABEL,TYPE=HOME:Klippe 58' is not a vCard property line; it is skipped.",
            "Line 5: ':no name' is not a vCard property line; it is skipped.");
    }

    [Fact]
    public async Task Lines_without_a_colon_continue_the_value_above_as_old_phones_wrote_addresses()
    {
        var row = (await Read("BEGIN:VCARD\r\nADR;HOME:;;Hermann v. Brevern\\\r\n9999999\\\r\nPackstation 999;Hamburg;;99999;DE\r\nTEL:1\r\nEND:VCARD\r\n")).Single();

        row["street"].Should().Be("Hermann v. Brevern\n9999999\nPackstation 999");
        row["city"].Should().Be("Hamburg");
    }

    [Fact]
    public async Task A_card_without_end_still_yields_its_row_at_the_end_of_the_file_and_before_the_next_card()
    {
        var path = _files.Write("BEGIN:VCARD\nEMAIL:a@example.com\nBEGIN:VCARD\nEMAIL:b@example.com\nEND:VCARD\nBEGIN:VCARD\nEMAIL:c@example.com\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line, r.Fields[0])).Should().Equal((1, 1, "a@example.com"), (2, 3, "b@example.com"), (3, 6, "c@example.com"));
        ContactFileReader.Inspect(path, new ReadOptions()).Warnings.Should().Equal(
            "The card at line 1 has no END:VCARD; the next card starts at line 3.",
            "The card at line 6 has no END:VCARD before the end of the file.");
    }

    [Fact]
    public async Task A_21_agent_card_nested_in_a_card_is_not_a_row()
    {
        var rows = await Read("BEGIN:VCARD\nVERSION:2.1\nEMAIL:boss@example.com\nAGENT:\nBEGIN:VCARD\nEMAIL:assistant@example.com\nEND:VCARD\nTEL:1\nEND:VCARD\n");

        rows.Single()["email"].Should().Be("boss@example.com");
        rows.Single()["phone"].Should().Be("1");
    }

    [Fact]
    public async Task A_card_over_the_record_limit_fails_alone()
    {
        var path = _files.Write($"BEGIN:VCARD\nEMAIL:a@example.com\nNOTE:{new string('x', 5000)}\nEND:VCARD\nBEGIN:VCARD\nEMAIL:b@example.com\nEND:VCARD\n");

        var rows = await TempCsv.ReadAll(path, new ReadOptions { MaxRecordBytes = 4096 });

        rows[0].Error.Should().Be("the card is larger than the record limit of 4,096 bytes");
        rows[0].Fields.Should().BeEmpty();
        rows[1].Error.Should().BeNull();
        rows[1].Fields[0].Should().Be("b@example.com");
    }

    [Fact]
    public void Columns_are_fixed_for_the_file_from_the_most_values_any_card_has()
    {
        var path = _files.Write(
            "BEGIN:VCARD\nFN:A\nEMAIL:a@x.com\nNICKNAME:Al\nEND:VCARD\n" +
            "BEGIN:VCARD\nEMAIL:b@x.com\nEMAIL:c@x.com\nEMAIL:d@x.com\nTEL:1\nTEL:2\nX-GENDER:F\nLABEL:x\nEND:VCARD\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.Format.Should().Be(FileFormat.VCard);
        inspection.TotalRows.Should().Be(2);
        inspection.Headers.Should().Equal("full_name", "email", "email 2", "email 3", "phone", "phone 2", "NICKNAME", "X-GENDER", "vCard LABEL");
        inspection.Preview.Should().HaveCount(2);
        inspection.Preview[1].Should().Equal("", "b@x.com", "c@x.com", "d@x.com", "1", "2", "", "F", "x");
    }

    [Fact]
    public void More_than_200_property_names_keep_200_columns_and_warn()
    {
        var props = string.Concat(Enumerable.Range(0, 205).Select(i => $"X-P{i}:v\n"));
        var path = _files.Write($"BEGIN:VCARD\nEMAIL:a@x.com\n{props}END:VCARD\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.Headers.Should().HaveCount(2 + 200);
        inspection.Warnings.Should().Contain("The cards have 5 more property names than the 200 kept as columns; their values are not imported.");
    }

    [Fact]
    public async Task The_format_is_told_by_content_whatever_the_name_and_case()
    {
        var path = _files.Write("BEGIN:vCard\nVERSION:3.0\nFN:Frank\nEMAIL:f@example.com\nEND:vCard\n");

        var rows = await Read(path);

        Path.GetExtension(path).Should().Be(".csv");
        ContactFileReader.Inspect(path, new ReadOptions()).Format.Should().Be(FileFormat.VCard);
        rows.Single()["email"].Should().Be("f@example.com");
    }

    [Fact]
    public async Task Reading_resumes_after_skipped_cards_with_their_numbers()
    {
        var path = _files.Write(string.Concat(Enumerable.Range(1, 5).Select(i => $"BEGIN:VCARD\nEMAIL:{i}@x.com\nEND:VCARD\n")));

        var rows = await TempCsv.ReadAll(path, skip: 3);

        rows.Select(r => (r.Row, r.Line, r.Fields[0])).Should().Equal((4, 10, "4@x.com"), (5, 13, "5@x.com"));
    }

    private async Task<List<Dictionary<string, string>>> Read(string textOrPath)
    {
        var path = File.Exists(textOrPath) ? textOrPath : _files.Write(textOrPath);
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);
        rows.Should().OnlyContain(r => r.Error == null);
        return rows
            .Select(r => inspection.Headers.Select((h, i) => (h, v: r.Fields[i])).Where(p => p.v.Length > 0 || p.h is "email" or "phone")
                .ToDictionary(p => p.h, p => p.v))
            .ToList();
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
