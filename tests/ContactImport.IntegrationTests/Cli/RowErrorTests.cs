using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary>Row errors: the row fails with a precise reason, the other rows are imported, exit 0.</summary>
public sealed class RowErrorTests
{
    private const string Header = "email,first_name,notes";
    private const string First = "a@example.com,A,first";
    private const string Last = "c@example.com,C,last";

    private static readonly Dictionary<string, (string BadRow, string? Column, string Reason)> Cases = new()
    {
        ["ragged row"] = ("b@example.com,B", null, "expected 3 fields, found 2"),
        ["too many fields"] = ("b@example.com,B,x,y", null, "expected 3 fields, found 4"),
        ["unterminated quote"] = ("b@example.com,B,\"open", null,
            "field 3 has an opening quote on line 3 that is never closed; reading resumed on line 4"),
        ["key over its limit"] = (new string('b', 250) + "@example.com,B,n", "email",
            "value is 262 characters, the limit for email is 254"),
        ["NUL byte"] = ("b@example.com,B\0b,n", null, "field 2 contains a NUL byte (the file may be corrupt)"),
        ["invalid email"] = ("b@@example.com,B,n", "email", "e-mail"),
        ["10 MB field"] = ("b@example.com,B," + new string('n', 10 * 1024 * 1024), null,
            "the record is larger than the limit of 1,048,576 bytes"),
    };

    public static TheoryData<StoreKind, string> All => StoreTheories.BothWith(Cases.Keys);

    [Theory, MemberData(nameof(All))]
    public async Task Bad_row_fails_with_row_line_and_reason_and_the_other_rows_are_imported(StoreKind store, string name)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var (bad, column, reason) = Cases[name];

        var result = await TestCli.ImportAsync(db, db.Csv(Header, First, bad, Last));

        result.Counts.Should().Be(Counts.Of(inserted: 2, failed: 1));
        result.Status.Should().Be("completed_with_errors");
        (await db.ContactsAsync()).Select(c => (c.Email, c.Notes)).Should().Equal(
            ("a@example.com", "first"), ("c@example.com", "last"));
        var errors = await TestCli.ErrorsAsync(db, result.ImportId);
        errors.Should().ContainSingle();
        var e = errors[0];
        (e.GetProperty("row").GetInt64(), e.GetProperty("line").GetInt64()).Should().Be((2L, 3L));
        if (column is null)
        {
            e.GetProperty("reason").GetString().Should().Be(reason);
        }
        else
        {
            e.GetProperty("column").GetString().Should().Be(column);
            e.GetProperty("reason").GetString().Should().Contain(reason);
        }
    }

    [Theory, BothStores]
    public async Task Under_strict_an_invalid_phone_fails_the_row_even_with_a_valid_email(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.ImportAsync(db, db.Csv(
            "email,phone",
            "a@example.com,(415) 555-0100",
            "b@example.com,555-0100",
            "c@example.com,"), "--strict");

        result.Counts.Should().Be(Counts.Of(inserted: 2, failed: 1));
        result.Long("warnings").Should().Be(0);
        var e = (await TestCli.ErrorsAsync(db, result.ImportId)).Single();
        (e.GetProperty("row").GetInt64(), e.GetProperty("line").GetInt64(), e.GetProperty("column").GetString(),
            e.GetProperty("value").GetString()).Should().Be((2L, 3L, "phone", "555-0100"));
        (await db.ContactsAsync()).Select(c => c.Email).Should().Equal("a@example.com", "c@example.com");
    }

    [Theory, BothStores]
    public async Task Formulas_and_sql_are_stored_verbatim(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv(
            "email,first_name,company,notes",
            "a@example.com,'; DROP TABLE contacts; --,Robert'); DROP TABLE imports;--,\"=HYPERLINK(\"\"x\"\")\"");

        var result = await TestCli.ImportAsync(db, file);

        result.Counts.Should().Be(Counts.Of(inserted: 1));
        var contact = await db.ContactAsync("a@example.com");
        contact.FirstName.Should().Be("'; DROP TABLE contacts; --");
        contact.Company.Should().Be("Robert'); DROP TABLE imports;--");
        contact.Notes.Should().Be("=HYPERLINK(\"x\")");
        var listed = await TestCli.RunAsync(db, "contacts", "--json");
        listed.Json.GetProperty("items")[0].GetProperty("notes").GetString().Should().Be("=HYPERLINK(\"x\")");
        (await TestCli.RunAsync(db, "history", "--json")).Long("total").Should().Be(1);
    }
}
