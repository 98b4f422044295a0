using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reports;

namespace ContactImport.Tests.Reports;

public sealed class ErrorReportTests
{
    private static async IAsyncEnumerable<ImportErrorRecord> Async(params ImportErrorRecord[] errors)
    {
        foreach (var e in errors)
        {
            await Task.Yield();
            yield return e;
        }
    }

    private static async Task<string> Write(IReadOnlyList<string> headers, params ImportErrorRecord[] errors)
    {
        using var writer = new StringWriter();
        await ErrorReport.WriteAsync(writer, headers, Async(errors), CancellationToken.None);
        return writer.ToString();
    }

    [Fact]
    public async Task The_header_row_is_row_line_level_column_value_reason_then_the_files_headers()
    {
        var report = await Write(["email", "phone"]);

        report.Should().Be("row,line,level,column,value,reason,email,phone\r\n");
    }

    [Fact]
    public async Task Each_finding_gives_row_line_level_column_value_reason_and_its_rows_original_fields()
    {
        var report = await Write(["first_name", "email", "phone"],
            new ImportErrorRecord(3, 5, "phone", "555", "invalid phone number: too short", ["Zoe", "zoe@x.com", "555"],
                FindingLevel.Warning),
            new ImportErrorRecord(9, 12, null, null, "row has no e-mail, phone or external id", ["Bob", "", ""]));

        report.Split("\r\n").Should().Equal(
            "row,line,level,column,value,reason,first_name,email,phone",
            "3,5,warning,phone,555,invalid phone number: too short,Zoe,zoe@x.com,555",
            "9,12,error,,,\"row has no e-mail, phone or external id\",Bob,,",
            "");
    }

    [Fact]
    public async Task A_vcard_or_ndjson_record_is_one_source_column_of_its_non_empty_values()
    {
        using var writer = new StringWriter();
        await ErrorReport.WriteAsync(writer, ["full_name", "email", "phone"],
            Async(new ImportErrorRecord(2, 7, "phone", "12", "invalid phone number: too short", ["Ann Lee", "", "12"],
                FindingLevel.Warning)),
            CancellationToken.None, singleSource: true);

        writer.ToString().Split("\r\n").Should().Equal(
            "row,line,level,column,value,reason,source",
            "2,7,warning,phone,12,invalid phone number: too short,\"{\"\"full_name\"\":\"\"Ann Lee\"\",\"\"phone\"\":\"\"12\"\"}\"",
            "");
    }

    [Fact]
    public async Task Short_raw_rows_are_padded_and_long_ones_cut_to_the_headers()
    {
        var report = await Write(["a", "b"],
            new ImportErrorRecord(1, 2, null, null, "wrong field count", ["only"]),
            new ImportErrorRecord(2, 3, null, null, "wrong field count", ["x", "y", "z"]));

        report.Split("\r\n").Skip(1).Should().Equal(
            "1,2,error,,,wrong field count,only,",
            "2,3,error,,,wrong field count,x,y",
            "");
    }

    [Fact]
    public async Task Original_fields_and_reasons_are_quoted_and_guarded()
    {
        var report = await Write(["name", "phone", "notes"],
            new ImportErrorRecord(1, 2, "phone", "+1", "invalid phone number: \"+1\", too short",
                ["=cmd|' /C calc'!A0", "+1", "a\nb"]));

        report.Split("\r\n")[1].Should().Be(
            "1,2,error,phone,'+1,\"invalid phone number: \"\"+1\"\", too short\",'=cmd|' /C calc'!A0,'+1,\"a\nb\"");
    }
}
