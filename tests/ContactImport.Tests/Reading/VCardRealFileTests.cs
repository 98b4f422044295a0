using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

/// <summary>One test per real vCard export (Android, iPhone, Outlook, Google, Apple, Thunderbird, The Bat!, …).</summary>
public sealed class VCardRealFileTests
{
    public static TheoryData<string> Files => new(VCardRealFileExpectations.Cards.Keys.Order(StringComparer.Ordinal));

    [RealFileTheory]
    [MemberData(nameof(Files))]
    public async Task Real_vcard_file_yields_exactly_the_cards_written_in_it(string file)
    {
        var path = RealFiles.Path(Path.Combine("vcf", file));
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Format.Should().Be(FileFormat.VCard);
        inspection.TotalRows.Should().Be(rows.Count);
        var expected = VCardRealFileExpectations.Cards[file];
        rows.Select(r => r.Line).Should().Equal(expected.Select(c => c.Line), "each row is a card at its BEGIN line");
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Row.Should().Be(i + 1);
            rows[i].Error.Should().BeNull();
            var actual = inspection.Headers
                .Select((h, c) => (Header: h, Value: rows[i].Fields[c]))
                .Where(p => p.Value.Length > 0)
                .ToList();
            actual.Select(p => p.Header).Should().Equal(expected[i].Values.Select(v => v.Column), $"card {i + 1} fills these columns");
            foreach (var (column, value, prefix) in expected[i].Values)
            {
                var got = actual.Single(p => p.Header == column).Value;
                if (prefix)
                {
                    got.Should().StartWith(value, $"card {i + 1}, column {column}");
                }
                else
                {
                    got.Should().Be(value, $"card {i + 1}, column {column}");
                }
            }
        }
    }

    [RealFileFact]
    public void Every_real_vcard_file_has_its_expected_cards_written_down()
    {
        var files = Directory.GetFiles(Path.Combine(RealFiles.Root!, "vcf"), "*.vcf").Select(Path.GetFileName);

        files.Should().BeEquivalentTo(VCardRealFileExpectations.Cards.Keys);
    }

    [RealFileTheory]
    [InlineData("apple-v30-utf16be_roundcube_utf-16_sample.vcf", "utf-16be")]
    [InlineData("broken-label-latin1_tine_HerrFalkMuenchen.vcf", "windows-1252")]
    [InlineData("thebat-v21-qp-8bit_roundcube_thebat.vcf", "windows-1252")]
    [InlineData("aosp_v21_japanese_2.vcf", "utf-8")]
    [InlineData("ezvcard_John_Doe_IPHONE.vcf", "utf-8")]
    public void Real_vcard_file_reports_the_encoding_its_bytes_are_in(string file, string encoding)
    {
        ContactFileReader.Inspect(RealFiles.Path(Path.Combine("vcf", file)), new ReadOptions()).EncodingName.Should().Be(encoding);
    }

    [RealFileFact]
    public void A_preamble_line_and_malformed_label_lines_are_warnings_not_errors()
    {
        var preamble = ContactFileReader.Inspect(RealFiles.Path(Path.Combine("vcf", "multi-card-encoding-preamble_tine_contacts.vcf")), new ReadOptions());
        var broken = ContactFileReader.Inspect(RealFiles.Path(Path.Combine("vcf", "broken-label-latin1_tine_HerrFalkMuenchen.vcf")), new ReadOptions());

        preamble.Warnings.Should().Equal("1 line(s) outside any BEGIN:VCARD … END:VCARD were skipped.");
        broken.Warnings.Should().Equal(
            "Line 6: 'LABEL,TYPE=HOME:Klippe 58' is not a vCard property line; it is skipped.",
            "Line 12: 'LABEL,TYPE=WORK:Platz des Republik 1' is not a vCard property line; it is skipped.");
    }

    [RealFileFact]
    public void Real_vcard_columns_map_to_the_contact_without_an_explicit_mapping()
    {
        var inspection = ContactFileReader.Inspect(RealFiles.Path(Path.Combine("vcf", "ezvcard_John_Doe_LOTUS_NOTES.vcf")), new ReadOptions());

        var map = HeaderMapper.Suggest(inspection.Headers).ToDictionary(b => b.Header, b => b.Field);

        map["full_name"].Should().Be(ContactField.FullName);
        map["first_name"].Should().Be(ContactField.FirstName);
        map["last_name"].Should().Be(ContactField.LastName);
        map["email"].Should().Be(ContactField.Email);
        map["email 2"].Should().Be(ContactField.Email);
        map["phone"].Should().Be(ContactField.Phone);
        map["phone 2"].Should().Be(ContactField.Phone);
        map["company"].Should().Be(ContactField.Company);
        map["job_title"].Should().Be(ContactField.JobTitle);
        map["city"].Should().Be(ContactField.City);
        map["country"].Should().Be(ContactField.Country);
        map["notes"].Should().Be(ContactField.Notes);
        map["external_id"].Should().Be(ContactField.ExternalId);
        // Properties whose names read like contact fields stay custom: an address LABEL is not tags.
        map["vCard LABEL"].Should().Be(ContactField.Custom);
        map["vCard NAME"].Should().Be(ContactField.Custom);
        map["vCard ROLE"].Should().Be(ContactField.Custom);
        map["middle_name"].Should().Be(ContactField.Custom);
        map["NICKNAME"].Should().Be(ContactField.Custom);
    }

    [RealFileFact]
    public async Task Google_list_cards_become_contacts_with_their_names_and_emails()
    {
        var path = RealFiles.Path(Path.Combine("vcf", "ezvcard_gmail-list.vcf"));
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var mapper = new ContactRowMapper(HeaderMapper.Suggest(inspection.Headers), "US");

        var contacts = (await TempCsv.ReadAll(path)).Select(mapper.Prepare).ToList();

        contacts.Should().OnlyContain(c => c.Error == null);
        contacts.Select(c => (c.Values!.FirstName, c.Values.LastName, c.Values.Email)).Should().Equal(
            ("Arnold", "Smith", "asmithk@gmail.com"),
            ("Chris", "Beatle", "chrisy55d@yahoo.com"),
            ("Doug", "White", "dwhite@gmail.com"));
    }
}

/// <summary>The pre-pass reads the first 20 cards in full and counts the rest from raw values: both must agree.</summary>
public sealed class VCardCountedColumnsTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Files => new(VCardRealFileExpectations.Cards.Keys
        .Where(f => !f.Contains("utf16", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal));

    [RealFileTheory]
    [MemberData(nameof(Files))]
    public async Task Cards_after_the_preview_keep_every_value_they_have(string file)
    {
        var real = RealFiles.Path(Path.Combine("vcf", file));
        var filler = string.Concat(Enumerable.Repeat("BEGIN:VCARD\r\nEMAIL:f@example.com\r\nEND:VCARD\r\n", ContactFileReader.PreviewRows));
        var path = _files.Write([.. System.Text.Encoding.ASCII.GetBytes(filler), .. File.ReadAllBytes(real)]);

        var alone = await NonEmpty(real);
        var after = (await NonEmpty(path)).Skip(ContactFileReader.PreviewRows).ToList();

        after.Should().BeEquivalentTo(alone, o => o.WithStrictOrdering());
    }

    private static async Task<List<Dictionary<string, string>>> NonEmpty(string path)
    {
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        return (await TempCsv.ReadAll(path))
            .Select(r => inspection.Headers.Select((h, i) => (h, v: r.Fields[i])).Where(p => p.v.Length > 0).ToDictionary(p => p.h, p => p.v))
            .ToList();
    }
}
