using ContactImport.Core.Imports;
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
    public async Task The_header_row_is_row_line_column_reason_then_the_files_headers()
    {
        var report = await Write(["email", "phone"]);

        report.Should().Be("row,line,column,reason,email,phone\r\n");
    }

    [Fact]
    public async Task Each_failed_row_gives_row_line_column_reason_and_its_original_fields()
    {
        var report = await Write(["first_name", "email", "phone"],
            new ImportErrorRecord(3, 5, "email", "not-an-email", "invalid e-mail address", ["Zoe", "not-an-email", "415"]),
            new ImportErrorRecord(9, 12, null, null, "row has neither an e-mail nor a phone number", ["Bob", "", ""]));

        report.Split("\r\n").Should().Equal(
            "row,line,column,reason,first_name,email,phone",
            "3,5,email,invalid e-mail address,Zoe,not-an-email,415",
            "9,12,,row has neither an e-mail nor a phone number,Bob,,",
            "");
    }

    [Fact]
    public async Task Short_raw_rows_are_padded_and_long_ones_cut_to_the_headers()
    {
        var report = await Write(["a", "b"],
            new ImportErrorRecord(1, 2, null, null, "wrong field count", ["only"]),
            new ImportErrorRecord(2, 3, null, null, "wrong field count", ["x", "y", "z"]));

        report.Split("\r\n").Skip(1).Should().Equal(
            "1,2,,wrong field count,only,",
            "2,3,,wrong field count,x,y",
            "");
    }

    [Fact]
    public async Task Original_fields_and_reasons_are_quoted_and_guarded()
    {
        var report = await Write(["name", "phone", "notes"],
            new ImportErrorRecord(1, 2, "phone", "+1", "invalid phone number: \"+1\", too short",
                ["=cmd|' /C calc'!A0", "+1", "a\nb"]));

        report.Split("\r\n")[1].Should().Be(
            "1,2,phone,\"invalid phone number: \"\"+1\"\", too short\",'=cmd|' /C calc'!A0,'+1,\"a\nb\"");
    }
}
