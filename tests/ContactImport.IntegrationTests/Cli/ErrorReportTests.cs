using System.Text;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary><c>errors ID</c>: a CSV of the findings (row, line, level, column, value, reason + original columns) that
/// re-imports once fixed. The files with bad rows run under <c>--strict</c>, where every bad value fails its row.</summary>
public sealed class ErrorReportTests
{
    private static readonly string[] FileWithBadRows =
    [
        "email,first_name,phone,notes",
        "good@example.com,Good,,fine",
        "bad@@example.com,=cmd(),+1 415 555 0199,@risk",
        "also.bad,\"Doe, Jane\",,-5",
    ];

    [Theory, BothStores]
    public async Task Error_report_lists_failed_rows_with_the_original_columns_and_guards_formulas(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv(FileWithBadRows), "--strict");
        import.Counts.Should().Be(Counts.Of(inserted: 1, failed: 2));

        var report = await TestCli.RunAsync(db, "errors", import.ImportId.ToString());

        report.ExitCode.Should().Be(0, report.ToString());
        var lines = report.Stdout.Split("\r\n");
        lines[0].Should().Be("row,line,level,column,value,reason,email,first_name,phone,notes");
        lines[1].Should().StartWith("2,3,error,email,bad@@example.com,").And.EndWith(",bad@@example.com,'=cmd(),'+1 415 555 0199,'@risk");
        lines[2].Should().StartWith("3,4,error,email,also.bad,").And.EndWith(",also.bad,\"Doe, Jane\",,'-5");
        lines[3..].Should().Equal("");
    }

    [Theory, BothStores]
    public async Task Fixed_error_report_reimports_cleanly_with_the_report_columns_ignored(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv(FileWithBadRows), "--strict");
        var reportPath = Path.Combine(db.Folder, "errors.csv");
        var written = await TestCli.RunAsync(db, "errors", import.ImportId.ToString(), "--out", reportPath, "--json");
        written.ExitCode.Should().Be(0, written.ToString());
        written.Long("count").Should().Be(2);

        var text = await File.ReadAllTextAsync(reportPath, Encoding.UTF8);
        await File.WriteAllTextAsync(reportPath,
            text.Replace("bad@@example.com", "fixed@example.com", StringComparison.Ordinal)
                .Replace("also.bad", "also.fixed@example.com", StringComparison.Ordinal),
            new UTF8Encoding(true));

        var retry = await TestCli.ImportAsync(db, reportPath,
            "--map", "row=ignore", "--map", "line=ignore", "--map", "level=ignore", "--map", "column=ignore",
            "--map", "value=ignore", "--map", "reason=ignore");

        retry.Counts.Should().Be(Counts.Of(inserted: 2));
        var contacts = await db.ContactsAsync();
        contacts.Select(c => (c.Email, c.FirstName, c.Phone, c.Notes, c.Custom)).Should().Equal(
            ("good@example.com", "Good", null, "fine", ""),
            ("fixed@example.com", "=cmd()", "+1 415 555 0199", "@risk", ""),
            ("also.fixed@example.com", "Doe, Jane", null, "-5", ""));
    }

    [Theory, BothStores]
    public async Task Error_report_reimported_without_a_mapping_ignores_the_report_columns(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv(FileWithBadRows), "--strict");
        var reportPath = Path.Combine(db.Folder, "errors.csv");
        (await TestCli.RunAsync(db, "errors", import.ImportId.ToString(), "--out", reportPath)).ExitCode.Should().Be(0);
        var text = await File.ReadAllTextAsync(reportPath, Encoding.UTF8);
        await File.WriteAllTextAsync(reportPath, text.Replace("bad@@example.com", "fixed@example.com", StringComparison.Ordinal));

        var retry = await TestCli.ImportAsync(db, reportPath, "--strict");

        // The mapper recognises its own report's leading columns; the still-bad row fails again.
        retry.Counts.Should().Be(Counts.Of(inserted: 1, failed: 1));
        var fixedContact = await db.ContactAsync("fixed@example.com");
        fixedContact.Custom.Should().BeEmpty();
        var again = await TestCli.ErrorsAsync(db, retry.ImportId);
        again.Single().GetProperty("value").GetString().Should().Be("also.bad");
    }

    [Theory, BothStores]
    public async Task A_lenient_import_reports_each_warning_on_its_own_line_and_retry_takes_only_rows_with_an_error(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var import = await TestCli.ImportAsync(db, db.Csv(
            "email,phone,Birthday",
            "ann@example.com,555-0100,soon",
            "not-an-address,,",
            "bob@example.com,(415) 555-0100,1990-02-03"));
        import.Counts.Should().Be(Counts.Of(inserted: 2, failed: 1));
        import.Long("warnings").Should().Be(1);

        var report = await TestCli.RunAsync(db, "errors", import.ImportId.ToString());

        var lines = report.Stdout.Split("\r\n");
        lines[0].Should().Be("row,line,level,column,value,reason,email,phone,Birthday");
        lines[1].Should().StartWith("1,2,warning,Birthday,soon,\"not a date;").And.EndWith(",ann@example.com,555-0100,soon");
        lines[2].Should().Be("1,2,warning,phone,555-0100,"
            + "\"invalid phone number: too short for US (7 digits, a local number without its area code)\",ann@example.com,555-0100,soon");
        lines[3].Should().Be("2,3,error,email,not-an-address,\"invalid e-mail: missing @; the row has no other key "
            + "(a valid e-mail, a valid phone or an external id)\",not-an-address,,");
        lines[4..].Should().Equal("");
        var retry = await TestCli.RunAsync(db, "retry", import.ImportId.ToString(), "--json");
        retry.ExitCode.Should().Be(0, retry.ToString());
        retry.Long("total").Should().Be(1, "only the row with an error is retried");
    }
}
