using System.Net;
using System.Text;
using System.Text.Json;
using ContactImport.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>What the upload says about a workbook or a vCard file, and importing another sheet without a new upload.</summary>
public sealed class UploadFormatTests(ITestOutputHelper log)
{
    public static byte[] TwoSheetWorkbook() => XlsxWorkbook.Create(
        ("Staff", [["email", "first_name"], ["staff.one@example.com", "Stefan"]]),
        ("Customers", [
            ["first_name", "last_name", "email", "company"],
            ["Carla", "Kunde", "carla@customer.example", "Kunde GmbH"],
            ["Chris", "Client", "chris@client.example", "Client Ltd"],
        ]));

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_workbook_upload_lists_its_sheets_and_the_second_sheet_imports_without_a_new_upload(string store)
    {
        await using var env = await CreateAsync(store, log);
        var client = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));

        var upload = await UploadAsync(client, "people.xlsx", TwoSheetWorkbook());
        upload.GetProperty("format").GetString().Should().Be("xlsx");
        upload.GetProperty("separator").ValueKind.Should().Be(JsonValueKind.Null, "a workbook has no separator");
        Strings(upload, "sheets").Should().Equal("Staff", "Customers");
        upload.GetProperty("sheet").GetString().Should().Be("Staff");
        Strings(upload, "headers").Should().Equal("email", "first_name");
        Count(upload, "total_rows").Should().Be(1);
        Count(upload, "skipped_lines").Should().Be(0);
        var id = upload.GetProperty("import_id").GetGuid();

        var preview = await GetJsonAsync(client, $"/api/imports/{id}/preview?sheet=Customers");
        preview.GetProperty("sheet").GetString().Should().Be("Customers");
        Strings(preview, "headers").Should().Equal("first_name", "last_name", "email", "company");
        Count(preview, "total_rows").Should().Be(2);
        preview.GetProperty("suggested_mapping").GetProperty("email").GetString().Should().Be("email");
        preview.GetProperty("preview")[1][2].GetString().Should().Be("chris@client.example");

        using (var missing = await client.GetAsync(new Uri($"/api/imports/{id}/preview?sheet=Nope", UriKind.Relative)))
        {
            missing.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await missing.Content.ReadAsStringAsync());
        }

        // The mapping names a column only the second sheet has: execute checks it against that sheet.
        await ExecuteAsync(client, id, new { sheet = "Customers", mapping = new Dictionary<string, string> { ["company"] = "company" } });
        var details = await WaitForStatusAsync(client, id, "completed");
        Count(details, "inserted").Should().Be(2);

        var contacts = await ContactsAsync(client);
        contacts.Select(c => c.GetProperty("email").GetString()).Should().BeEquivalentTo("carla@customer.example", "chris@client.example");
        contacts.Single(c => c.GetProperty("first_name").GetString() == "Carla").GetProperty("company").GetString().Should().Be("Kunde GmbH");
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task A_vcard_upload_is_read_card_by_card_and_imports(string store)
    {
        await using var env = await CreateAsync(store, log);
        var client = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        const string cards =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nEMAIL;TYPE=INTERNET:ada@example.com\r\n" +
            "ORG:Analytical Engines\r\nEND:VCARD\r\n" +
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nEMAIL;TYPE=INTERNET:grace@example.com\r\n" +
            "END:VCARD\r\n";

        var upload = await UploadAsync(client, "contacts.vcf", Encoding.UTF8.GetBytes(cards));
        upload.GetProperty("format").GetString().Should().Be("vcard");
        upload.GetProperty("separator").ValueKind.Should().Be(JsonValueKind.Null);
        Strings(upload, "sheets").Should().BeEmpty();
        Count(upload, "total_rows").Should().Be(2);
        var id = upload.GetProperty("import_id").GetGuid();

        await ExecuteAsync(client, id, new { });
        Count(await WaitForStatusAsync(client, id, "completed"), "inserted").Should().Be(2);
        var contacts = await ContactsAsync(client);
        contacts.Select(c => (c.GetProperty("email").GetString(), c.GetProperty("first_name").GetString(), c.GetProperty("last_name").GetString()))
            .Should().BeEquivalentTo([("ada@example.com", "Ada", "Lovelace"), ("grace@example.com", "Grace", "Hopper")]);
        contacts.Single(c => c.GetProperty("email").GetString() == "ada@example.com").GetProperty("company").GetString()
            .Should().Be("Analytical Engines");
    }

    private static string?[] Strings(JsonElement json, string name) =>
        [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString())];
}
