using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary>Fatal file errors: exit 1, one <c>error: …</c> line, <c>{"status":"failed","error":…}</c>, nothing written.</summary>
public sealed class FileErrorTests
{
    private static readonly Dictionary<string, (byte[] Content, string Message)> Cases = new()
    {
        ["empty file"] = ([], "empty"),
        ["BOM and blank lines only"] = ([0xEF, 0xBB, 0xBF, .. "\r\n\r\n  \r\n"u8], "blank"),
        ["header only"] = ("email,first_name\r\n"u8.ToArray(), "no data rows"),
        ["zip renamed to csv"] = ([(byte)'P', (byte)'K', 3, 4, 20, 0, 8, 0, .. "[Content_Types].xml"u8, 0, 0, 1, 2, 3], "ZIP"),
        ["png image"] = ([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8, 0, 0, 1, 0], "PNG"),
        ["no column maps to email or phone"] = ("first_name,city\nAnn,Berlin\n"u8.ToArray(), "No column maps to e-mail, phone or external id"),
    };

    public static TheoryData<StoreKind, string> All => StoreTheories.BothWith(Cases.Keys);

    [Theory, MemberData(nameof(All))]
    public async Task Fatal_file_error_exits_1_with_one_error_line_and_writes_nothing(StoreKind store, string name)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var (content, message) = Cases[name];
        var file = db.Bytes(content);
        await TestCli.ImportAsync(db, db.Csv("email", "existing@example.com"));
        var before = await db.ContactsAsync();

        var json = await TestCli.RunAsync(db, "import", file, "--json");
        var plain = await TestCli.RunAsync(db, "import", file);

        json.ExitCode.Should().Be(1, json.ToString());
        json.Stderr.Should().StartWith("error: ").And.Contain(message);
        json.Stderr.TrimEnd('\r', '\n').Should().NotContain("\n", "a fatal error is one line on stderr");
        json.Json.EnumerateObject().Select(p => p.Name).Should().Equal("status", "error");
        json.Status.Should().Be("failed");
        json.Str("error").Should().Be(json.Stderr.TrimEnd()["error: ".Length..]);
        plain.ExitCode.Should().Be(1);
        plain.Stdout.Should().BeEmpty();
        plain.Stderr.Should().Be(json.Stderr);

        (await db.ContactsAsync()).Should().Equal(before);
        var history = await TestCli.RunAsync(db, "history", "--json");
        history.Long("total").Should().Be(1, "a file that cannot be imported leaves no import behind");
    }

    [Theory, BothStores]
    public async Task A_missing_file_is_a_fatal_error(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.RunAsync(db, "import", Path.Combine(db.Folder, "nope.csv"), "--json");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("error: file not found: ");
        JsonSerializer.Deserialize<JsonElement>(result.Stdout).GetProperty("status").GetString().Should().Be("failed");
    }

    [Theory, BothStores]
    public async Task An_unknown_mapping_field_is_a_fatal_error(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);

        var result = await TestCli.RunAsync(db, "import", db.Csv("Mail", "a@example.com"), "--map", "Mail=emial", "--json");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("error: Unknown field 'emial'");
        result.Status.Should().Be("failed");
        (await db.ContactsAsync()).Should().BeEmpty();
    }

    [Theory, BothStores]
    public async Task An_explicit_mapping_rescues_a_file_without_recognizable_headers(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv("Kontakt,Wer", "a@example.com,Ann");

        var result = await TestCli.ImportAsync(db, file, "--map", "Kontakt=email", "--map", "Wer=first_name");

        result.Counts.Should().Be(Counts.Of(inserted: 1));
        (await db.ContactAsync("a@example.com")).FirstName.Should().Be("Ann");
    }

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
