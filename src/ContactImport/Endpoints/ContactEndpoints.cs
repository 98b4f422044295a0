using System.Security.Claims;
using System.Text;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;
using ContactImport.Core.Reports;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ContactImport.Endpoints;

/// <summary><c>/api/contacts</c>: list and search, read, create, edit, delete, CSV export.</summary>
public static class ContactEndpoints
{
    public static void MapContacts(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("contacts");
        contacts.MapGet("/", ListAsync);
        contacts.MapGet("/export.csv", ExportAsync).Produces<string>(StatusCodes.Status200OK, "text/csv");
        contacts.MapGet("/{id:long}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        contacts.MapPost("/", CreateAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        contacts.MapPatch("/{id:long}", PatchAsync).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        contacts.MapDelete("/{id:long}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <param name="cursor">A <c>next_cursor</c> of the previous page: the next page by keyset (then <c>page</c> is ignored).</param>
    private static async Task<Results<Ok<ContactListing>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, Store store,
        CancellationToken ct, string? search = null, int page = 1, int page_size = 50, string? cursor = null)
    {
        long? after = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return Problems.Of(400, $"cursor: '{cursor}' is not a next_cursor of this list.");
            }

            after = id;
        }

        var result = await store.Contacts.ListAsync(user.CompanyId(), new ContactQuery(search, page, page_size, after), ct);
        return TypedResults.Ok(ContactListing.From(result, page, page_size));
    }

    private static async Task<Results<Ok<ContactJsonView>, ProblemHttpResult>> GetAsync(long id, ClaimsPrincipal user,
        Store store, CancellationToken ct) =>
        await store.Contacts.GetAsync(user.CompanyId(), id, ct) is { } contact
            ? TypedResults.Ok(ContactJsonView.From(contact))
            : NotFound(id);

    private static async Task<Results<Created<ContactJsonView>, ProblemHttpResult>> CreateAsync(Dictionary<string, string?> body, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var prepared = Prepare(body, new ContactValues());
        if (prepared.Error is { } error)
        {
            return Problems.Of(400, error);
        }

        var values = prepared.Values!;
        if (values.Email is null && values.PhoneKey is null)
        {
            return Problems.Of(400, "A contact needs an e-mail or a phone number.");
        }

        try
        {
            var id = await store.Contacts.CreateAsync(user.CompanyId(), values, ct);
            var created = await store.Contacts.GetAsync(user.CompanyId(), id, ct);
            return TypedResults.Created($"/api/contacts/{id}", ContactJsonView.From(created!));
        }
        catch (System.Data.Common.DbException ex) when (store.Batches.Classify(ex) == Core.Pipeline.StoreErrorKind.RowData)
        {
            return Problems.Of(409, "Another contact already has this e-mail or external_id.");
        }
    }

    /// <summary>Fields present in the body replace the contact's; <c>null</c> or "" clears one.</summary>
    /// <remarks><c>If-Match</c> (the contact's version, quoted or not) makes the edit conditional: another version → 412
    /// with <c>current_version</c>. The response's <c>ETag</c> is the new version.</remarks>
    private static async Task<Results<Ok<ContactJsonView>, ProblemHttpResult>> PatchAsync(long id, Dictionary<string, string?> body, ClaimsPrincipal user,
        Store store, HttpResponse response, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var current = await store.Contacts.GetAsync(user.CompanyId(), id, ct);
        if (current is null)
        {
            return NotFound(id);
        }

        int? expected = null;
        if (ifMatch is not null)
        {
            if (!int.TryParse(ifMatch.Trim().TrimStart('W', '/').Trim('"'), out var version))
            {
                return Problems.Of(400, "If-Match must be the contact's version, e.g. \"3\".");
            }

            expected = version;
            if (version != current.Version)
            {
                return PreconditionFailed(current.Version);
            }
        }

        var prepared = Prepare(body, current.Values);
        if (prepared.Error is { } error)
        {
            return Problems.Of(400, error);
        }

        try
        {
            var updated = await store.Contacts.UpdateAsync(user.CompanyId(), id, prepared.Values!, current.Version, ct);
            if (updated is null)
            {
                return expected is null
                    ? Problems.Of(409, "The contact changed meanwhile; read it again and retry.")
                    : PreconditionFailed((await store.Contacts.GetAsync(user.CompanyId(), id, ct))?.Version);
            }

            response.Headers.ETag = $"\"{updated.Version}\"";
            return TypedResults.Ok(ContactJsonView.From(updated));
        }
        catch (System.Data.Common.DbException ex) when (store.Batches.Classify(ex) == Core.Pipeline.StoreErrorKind.RowData)
        {
            return Problems.Of(409, "Another contact already has this e-mail or external_id.");
        }
    }

    /// <param name="erase">Also erase the person (by the contact's e-mail, phone and external id) from before-images,
    /// error rows, held uploads of finished imports, notifications and finished jobs; answers what was removed.</param>
    private static async Task<Results<NoContent, Ok<ErasureJson>, ProblemHttpResult>> DeleteAsync(long id, ClaimsPrincipal user,
        Store store, CancellationToken ct, bool erase = false)
    {
        if (!erase)
        {
            return await store.Contacts.DeleteAsync(user.CompanyId(), id, ct) ? TypedResults.NoContent() : NotFound(id);
        }

        var report = await store.Contacts.EraseAsync(user.CompanyId(), new ErasureTarget(ContactId: id), ct);
        if (report is null)
        {
            return NotFound(id);
        }

        await store.Notifications.AuditAsync(user.CompanyId(), user.UserName(), "contact_erase", null, $"contact {id}", ct);
        return TypedResults.Ok(ErasureJson.From(report));
    }

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
        var row = new ContactRowMapper(map, "US", ValueRules.StrictRules with { RequireKey = false })
            .Prepare(new SourceRow(1, 1, [.. fields]));
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

    private static ProblemHttpResult PreconditionFailed(int? currentVersion) =>
        TypedResults.Problem(
            detail: currentVersion is { } v
                ? $"The contact is at version {v}, not the one in If-Match; read it again and retry."
                : "The contact was deleted meanwhile.",
            statusCode: StatusCodes.Status412PreconditionFailed,
            extensions: new Dictionary<string, object?> { ["current_version"] = currentVersion });

    private static ProblemHttpResult NotFound(long id) => Problems.Of(404, $"Contact {id} was not found.");
}
