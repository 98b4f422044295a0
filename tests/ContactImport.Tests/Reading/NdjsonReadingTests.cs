using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Reading;

public sealed class NdjsonReadingTests : IDisposable
{
    private readonly TempCsv _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Each_object_is_a_row_under_the_union_of_keys_in_first_seen_order()
    {
        var path = _files.Write(
            "{\"email\":\"a@example.com\",\"first_name\":\"Ann\"}\n" +
            "{\"phone\":\"+1 201 555 0123\",\"email\":\"b@example.com\",\"vip\":true}\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var rows = await TempCsv.ReadAll(path);

        inspection.Format.Should().Be(FileFormat.Ndjson);
        inspection.EncodingName.Should().Be("utf-8");
        inspection.TotalRows.Should().Be(2);
        inspection.Headers.Should().Equal("email", "first_name", "phone", "vip");
        inspection.Preview.Should().HaveCount(2);
        inspection.Preview[1].Should().Equal("b@example.com", "", "+1 201 555 0123", "true");
        rows.Select(r => r.Fields).Should().BeEquivalentTo(
            new[] { new[] { "a@example.com", "Ann", "", "" }, ["b@example.com", "", "+1 201 555 0123", "true"] },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Values_are_text_numbers_as_written_arrays_joined_and_null_empty()
    {
        var path = _files.Write(
            "{\"email\":\"a@example.com\",\"age\":42.50,\"tags\":[\"vip\",\"golf\"],\"emails\":[\"x@y.com\",null,7],\"note\":null," +
            "\"address\":{\"city\":\"Oslo\",\"zip\":[1,2]},\"ok\":false,\"text\":\"line\\nbreak \\u00e9\"}\n");

        var row = (await TempCsv.ReadAll(path)).Single();

        row.Error.Should().BeNull();
        row.Fields.Should().Equal("a@example.com", "42.50", "vip;golf", "x@y.com;7", "", "{\"city\":\"Oslo\",\"zip\":[1,2]}", "false", "line\nbreak é");
    }

    [Fact]
    public async Task A_malformed_line_fails_alone_with_its_line_and_reason_and_blank_lines_are_skipped()
    {
        var path = _files.Write("{\"email\":\"a@example.com\"}\n\n{\"email\": oops}\n   \n[1,2]\n{\"email\":\"b@example.com\"} x\n{\"email\":\"c@example.com\"}\n");

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => (r.Row, r.Line)).Should().Equal((1, 1), (2, 3), (3, 5), (4, 6), (5, 7));
        rows[0].Error.Should().BeNull();
        rows[1].Error.Should().StartWith("invalid JSON: 'o' is an invalid start of a value.");
        rows[2].Error.Should().Be("the line is not a JSON object");
        rows[3].Error.Should().StartWith("invalid JSON: ");
        rows[4].Error.Should().BeNull();
        rows[4].Fields.Should().Equal("c@example.com");
        ContactFileReader.Inspect(path, new ReadOptions()).TotalRows.Should().Be(5);
    }

    [Fact]
    public async Task A_string_that_is_not_utf8_fails_its_row()
    {
        var path = _files.Write([.. "{\"email\":\"a@example.com\"}\n{\"name\":\"M"u8, 0xFC, .. "ller\"}\n"u8]);

        var rows = await TempCsv.ReadAll(path);

        rows.Select(r => r.Error).Should().Equal(null, "invalid JSON: a string is not valid UTF-8");
    }

    [Fact]
    public async Task A_line_over_the_record_limit_fails_as_a_row_error()
    {
        var path = _files.Write($"{{\"email\":\"a@example.com\"}}\n{{\"email\":\"b@example.com\",\"notes\":\"{new string('x', 10_000)}\"}}\n{{\"email\":\"c@example.com\"}}\n");

        var rows = await TempCsv.ReadAll(path, new ReadOptions { MaxRecordBytes = 4096 });

        rows.Select(r => r.Error).Should().Equal(null, "the line is larger than the record limit of 4,096 bytes", null);
        rows[2].Fields[0].Should().Be("c@example.com");
    }

    [Fact]
    public void A_first_line_that_is_not_a_json_object_is_not_ndjson()
    {
        var csv = _files.Write("{name},email\nAnn,a@example.com\n");
        var bom = _files.Write([0xEF, 0xBB, 0xBF, .. "\n{\"email\":\"a@example.com\"}\n"u8]);

        ContactFileReader.Inspect(csv, new ReadOptions()).Format.Should().Be(FileFormat.Csv);
        ContactFileReader.Inspect(bom, new ReadOptions()).Format.Should().Be(FileFormat.Ndjson);
    }

    [Fact]
    public async Task Ndjson_rows_map_to_contacts_with_tags_from_arrays()
    {
        var path = _files.Write("{\"email\":\"Ann@Example.com\",\"first_name\":\"Ann\",\"tags\":[\"vip\",\"golf\"],\"external_id\":17}\n");
        var inspection = ContactFileReader.Inspect(path, new ReadOptions());
        var mapper = new ContactRowMapper(HeaderMapper.Suggest(inspection.Headers), "US");

        var contact = mapper.Prepare((await TempCsv.ReadAll(path)).Single());

        contact.Error.Should().BeNull();
        contact.Values!.Email.Should().Be("ann@example.com");
        contact.Values.FirstName.Should().Be("Ann");
        contact.Values.ExternalId.Should().Be("17");
        contact.Values.Tags.Should().Equal("vip", "golf");
    }

    [Fact]
    public void More_than_200_keys_keep_200_columns_and_warn()
    {
        var keys = string.Join(",", Enumerable.Range(0, 203).Select(i => $"\"k{i}\":{i}"));
        var path = _files.Write($"{{\"email\":\"a@x.com\",{keys}}}\n");

        var inspection = ContactFileReader.Inspect(path, new ReadOptions());

        inspection.Headers.Should().HaveCount(200);
        inspection.Warnings.Should().Equal("The objects have 4 more keys than the 200 kept as columns; their values are not imported.");
    }
}
