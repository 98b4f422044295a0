using System.Net;
using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using Xunit.Abstractions;
using static ContactImport.IntegrationTests.Service.ServiceHarness;

namespace ContactImport.IntegrationTests.Service;

/// <summary>The schema over HTTP: <c>GET /api/fields</c>, the contact JSON and the CSV export carry every field, and
/// the export re-imports unchanged.</summary>
public sealed class ContactFieldServiceTests(ITestOutputHelper log)
{
    private const string File =
        "email,first_name,last_name,phone,company,job_title,street,postal_code,city,region,country,birthday,website,tags,notes,external_id\n" +
        "ann@example.com,Ann,Lee,+1 415 555 0101,Acme,CTO,\"1 Main St\nApt 2\",94105,San Francisco,CA,United States,1990-05-17,https://ann.example.com,vip;b2b,\"Likes, commas\",crm-1\n" +
        "bob@example.com,Bob,,,,,,10115,Berlin,Berlin,Germany,--12-24,bob.example.org,,-minus first,\n";

    [Fact]
    public async Task The_field_list_is_the_schema_and_the_mapping_choices()
    {
        await using var env = await CreateAsync(Stores.Sqlite, log);
        var server = await env.StartServerAsync();
        var http = env.Client(server, await env.CreateKeyAsync("acme"));

        var json = await GetJsonAsync(http, "/api/fields");

        json.EnumerateObject().Select(p => p.Name).Should().Equal("fields", "mapping_targets");
        var fields = json.GetProperty("fields").EnumerateArray().ToList();
        fields.Select(f => f.GetProperty("name").GetString()).Should().Equal(ContactSchema.Fields.Select(f => f.Name));
        var email = fields.Single(f => f.GetProperty("name").GetString() == "email");
        email.GetRawText().Should().Be(
            """{"name":"email","label":"E-mail","type":"email","max_length":254,"is_key":true,"searchable":true}""");
        fields.Single(f => f.GetProperty("name").GetString() == "birthday").GetProperty("type").GetString().Should().Be("date");
        var targets = json.GetProperty("mapping_targets").EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString(), t.GetProperty("label").GetString())).ToList();
        targets.Select(t => t.Item1).Should().Equal(ContactFieldNames.All);
        targets.TakeLast(2).Should().Equal(("custom", "Keep as custom field"), ("ignore", "Ignore"));

        using var anonymous = await env.Client(server, null).GetAsync(new Uri("/api/fields", UriKind.Relative));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task The_export_carries_every_field_and_reimports_with_update_unchanged(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));
        var first = await ImportAsync(http, "people.csv", File, new { });
        await WaitForStatusAsync(http, first, "completed");

        var contacts = await ContactsAsync(http);
        var ann = contacts.Single(c => c.GetProperty("email").GetString() == "ann@example.com");
        foreach (var field in ContactSchema.Fields)
        {
            ann.TryGetProperty(field.Name, out _).Should().BeTrue($"the contact JSON has {field.Name}");
        }

        ann.GetProperty("street").GetString().Should().Be("1 Main St\nApt 2");
        ann.GetProperty("phone_e164").GetString().Should().Be("+14155550101");
        var bob = contacts.Single(c => c.GetProperty("email").GetString() == "bob@example.com");
        bob.GetProperty("street").ValueKind.Should().Be(JsonValueKind.Null, "the API writes every field, null when empty");
        bob.GetProperty("birthday").GetString().Should().Be("--12-24");

        using var export = await http.GetAsync(new Uri("/api/contacts/export.csv", UriKind.Relative));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var csv = await export.Content.ReadAsStringAsync();
        csv.Split("\r\n")[0].Should().Be(string.Join(",", ContactCsv.Header));
        csv.Should().Contain("\"1 Main St\nApt 2\"").And.Contain("'--12-24").And.Contain("https://ann.example.com");

        var again = await ImportAsync(http, "export.csv", csv, new { duplicate_strategy = "update" });
        var details = await WaitForStatusAsync(http, again, "completed");
        (Count(details, "total"), Count(details, "unchanged")).Should().Be((2L, 2L), details.ToString());
        (await ContactsAsync(http)).Select(Json).Should().Equal(contacts.Select(Json), "nothing changed, updated_at and version included");
    }

    [Theory]
    [InlineData(Stores.Sqlite)]
    [InlineData(Stores.Postgres)]
    public async Task The_import_template_is_the_schema_and_imports_its_example_row(string store)
    {
        await using var env = await CreateAsync(store, log);
        var http = env.Client(await env.StartServerAsync(), await env.CreateKeyAsync("acme"));

        using var response = await http.GetAsync(new Uri("/api/imports/template.csv", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var template = await response.Content.ReadAsStringAsync();
        var header = template.Split("\r\n")[0].Split(',');
        header.Should().Equal(ContactSchema.Fields.Select(f => f.Name), "the template's columns are the schema's fields");
        header.Should().BeSubsetOf(ContactFieldNames.All, "every column is a mapping target");

        var id = await ImportAsync(http, "template.csv", template, new { });
        var details = await WaitForStatusAsync(http, id, "completed");
        details.GetProperty("mapping").EnumerateObject().Select(m => (m.Name, m.Value.GetString()))
            .Should().Equal(header.Select(h => (h, (string?)h)), "each column maps onto its own field");
        (Count(details, "inserted"), Count(details, "failed")).Should().Be((1L, 0L), details.ToString());
        var ada = (await ContactsAsync(http)).Single();
        foreach (var field in ContactSchema.Fields.Where(f => f.Type != FieldType.Tags))
        {
            ada.GetProperty(field.Name).GetString().Should().NotBeNullOrEmpty($"the example fills {field.Name}");
        }

        ada.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("vip", "pioneer");
        ada.GetProperty("birthday").GetString().Should().Be("1815-12-10");
        ada.GetProperty("notes").GetString().Should().Be("Met at the conference, 2024");
    }

    private static string Json(JsonElement contact) => contact.GetRawText();
}
