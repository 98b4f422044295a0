using System.Security.Claims;
using System.Text;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using ContactImport.Core.Reports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Endpoints;

/// <summary><c>/api/contacts</c>: list and search, read, create, edit, delete, CSV export.</summary>
public static class ContactEndpoints
{
    public static void MapContacts(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("contacts");
        contacts.MapGet("/", ListAsync);
        contacts.MapGet("/export.csv", ExportAsync);
        contacts.MapGet("/{id:long}", GetAsync);
        contacts.MapPost("/", CreateAsync);
        contacts.MapPatch("/{id:long}", PatchAsync);
        contacts.MapDelete("/{id:long}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, Store store, CancellationToken ct,
        string? search = null, int page = 1, int page_size = 50)
    {
        var result = await store.Contacts.ListAsync(user.CompanyId(), search, page, page_size, ct);
        return ImportJson.Response(new ImportJson.Listing<ContactJsonView>(result.Items.Select(ContactJsonView.From), page, page_size, result.Total));
    }

    private static async Task<IResult> GetAsync(long id, ClaimsPrincipal user, Store store, CancellationToken ct) =>
        await store.Contacts.GetAsync(user.CompanyId(), id, ct) is { } contact
            ? ImportJson.Response(ContactJsonView.From(contact))
            : NotFound(id);

    private static async Task<IResult> CreateAsync(Dictionary<string, string?> body, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var prepared = Prepare(body, new ContactValues());
        if (prepared.Error is { } error)
        {
            return ImportEndpoints.Problem(400, error);
        }

        var values = prepared.Values!;
        if (values.Email is null && values.PhoneKey is null)
        {
            return ImportEndpoints.Problem(400, "A contact needs an e-mail or a phone number.");
        }

        try
        {
            var id = await store.Contacts.CreateAsync(user.CompanyId(), values, ct);
            var created = await store.Contacts.GetAsync(user.CompanyId(), id, ct);
            return ImportJson.Response(ContactJsonView.From(created!), StatusCodes.Status201Created);
        }
        catch (System.Data.Common.DbException ex) when (store.Batches.Classify(ex) == Core.Pipeline.StoreErrorKind.RowData)
        {
            return ImportEndpoints.Problem(409, "Another contact already has this e-mail or external_id.");
        }
    }

    /// <summary>Fields present in the body replace the contact's; <c>null</c> or "" clears one.</summary>
    private static async Task<IResult> PatchAsync(long id, Dictionary<string, string?> body, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var current = await store.Contacts.GetAsync(user.CompanyId(), id, ct);
        if (current is null)
        {
            return NotFound(id);
        }

        var prepared = Prepare(body, current.Values);
        if (prepared.Error is { } error)
        {
            return ImportEndpoints.Problem(400, error);
        }

        try
        {
            var updated = await store.Contacts.UpdateAsync(user.CompanyId(), id, prepared.Values!, ct);
            return updated is null
                ? ImportEndpoints.Problem(409, "The contact changed meanwhile; read it again and retry.")
                : ImportJson.Response(ContactJsonView.From(updated));
        }
        catch (System.Data.Common.DbException ex) when (store.Batches.Classify(ex) == Core.Pipeline.StoreErrorKind.RowData)
        {
            return ImportEndpoints.Problem(409, "Another contact already has this e-mail or external_id.");
        }
    }

    private static async Task<IResult> DeleteAsync(long id, ClaimsPrincipal user, Store store, CancellationToken ct) =>
        await store.Contacts.DeleteAsync(user.CompanyId(), id, ct) ? Results.NoContent() : NotFound(id);

    private static async Task ExportAsync(HttpContext http, ClaimsPrincipal user, Store store, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"contacts.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await CsvOut.WriteRowAsync(writer, ContactCsv.Header, ct);
        await foreach (var c in store.Contacts.ReadAllAsync(user.CompanyId(), ct))
        {
            await CsvOut.WriteRowAsync(writer, ContactCsv.Row(c), ct);
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>Validates and normalizes the body with the importer's own rules (one row through the mapper).</summary>
    private static (ContactValues? Values, string? Error) Prepare(Dictionary<string, string?> body, ContactValues current)
    {
        var headers = new List<string>();
        var fields = new List<string>();
        foreach (var (key, value) in body)
        {
            if (!ContactFieldNames.TryParse(key, out var field) || field is ContactField.Custom or ContactField.Ignore)
            {
                return (null, $"Unknown field '{key}'. Fields: {string.Join(", ", ContactFieldNames.All)}.");
            }

            headers.Add(key);
            fields.Add(value ?? "");
        }

        var map = HeaderMapper.Apply(HeaderMapper.Suggest(headers), headers.ToDictionary(h => h, h => h));
        var row = new ContactRowMapper(map, "US").Prepare(new SourceRow(1, 1, [.. fields]));
        if (row.Error is { } error)
        {
            return (null, $"{error.Column}: {error.Reason}");
        }

        var result = current.Clone();
        var given = row.Values!;
        foreach (var header in headers)
        {
            ContactFieldNames.TryParse(header, out var field);
            switch (field)
            {
                case ContactField.Tags:
                    result.Tags.Clear();
                    result.Tags.AddRange(given.Tags);
                    break;
                case ContactField.Phone:
                    result.Phone = given.Phone;
                    result.PhoneKey = given.PhoneKey;
                    break;
                case ContactField.FullName:
                    result.FirstName = given.FirstName;
                    result.LastName = given.LastName;
                    break;
                default:
                    var scalar = ContactFieldNames.ToScalar(field);
                    result[scalar] = given[scalar];
                    break;
            }
        }

        return (result, null);
    }

    private static IResult NotFound(long id) => ImportEndpoints.Problem(404, $"Contact {id} was not found.");
}
