using System.CommandLine;
using ContactImport.Core.Contacts;
using ContactImport.Core.Normalization;
using ContactImport.Endpoints;
using ContactImport.Storage;

namespace ContactImport.Cli;

/// <summary><c>contacts</c>: list and search a company's contacts; <c>contacts erase</c>: erase a person.</summary>
internal static class ContactVerbs
{
    private static readonly Option<string?> Search = new("--search")
    {
        Description = "Match name, e-mail, phone, company or address; a full e-mail or +phone finds that key",
    };

    private static readonly Option<int> Page = new("--page") { DefaultValueFactory = _ => 1 };
    private static readonly Option<int> PageSize = new("--page-size") { DefaultValueFactory = _ => 50 };
    private static readonly Option<long?> Cursor = new("--cursor") { Description = "The next_cursor of the previous page" };
    private static readonly Option<long?> EraseId = new("--id") { Description = "Contact id" };
    private static readonly Option<string?> EraseEmail = new("--email") { Description = "E-mail" };
    private static readonly Option<string?> ErasePhone = new("--phone") { Description = "Phone in international form (+49…)" };

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions =
        ContactJson.With(Imports.ImportJson.Options, SearchJsonContext.Default);

    public static IEnumerable<Verb> Create()
    {
        var contacts = new Command("contacts", "List contacts") { Search, Page, PageSize, Cursor };
        var erase = new Command("erase",
            "Erase a person: the contact, before-images, error rows, held uploads of finished imports, notifications")
        {
            EraseId, EraseEmail, ErasePhone,
        };
        contacts.Add(erase);
        return [new(contacts, ListAsync), new(erase, EraseAsync)];
    }

    private static async Task<int> ListAsync(CliContext ctx, CancellationToken ct)
    {
        var page = ctx.Parse.GetValue(Page);
        var size = ctx.Parse.GetValue(PageSize);
        var result = await ctx.Store.Contacts.ListAsync(await ctx.CompanyIdAsync(ct),
            new ContactQuery(ctx.Parse.GetValue(Search), page, size, ctx.Parse.GetValue(Cursor)), ct);
        if (ctx.Json)
        {
            await ctx.Out.WriteLineAsync(ContactJson.Serialize(ContactListing.From(result, page, size), JsonOptions));
        }
        else
        {
            Tables.WriteContacts(ctx.Err, result.Items);
            await ctx.Err.WriteLineAsync($"{(result.TotalIsEstimate ? "about " : "")}{result.Total} contact(s)" +
                                         (result.NextCursor is { } next ? $"; next page: --cursor {next}" : ""));
        }

        return 0;
    }

    private static async Task<int> EraseAsync(CliContext ctx, CancellationToken ct)
    {
        var id = ctx.Parse.GetValue(EraseId);
        var email = ctx.Parse.GetValue(EraseEmail);
        var phone = ctx.Parse.GetValue(ErasePhone);
        if (id is null && email is null && phone is null)
        {
            throw new CliException("contacts erase needs --id, --email or --phone");
        }

        string? emailKey = null;
        if (email is not null && !EmailAddress.TryNormalize(email, out emailKey, out var emailError))
        {
            throw new CliException($"--email: {emailError}");
        }

        string? phoneKey = null;
        if (phone is not null && (!phone.TrimStart().StartsWith('+') || !Phones.TryNormalize(phone, "US", out phoneKey, out _)))
        {
            throw new CliException($"--phone: '{phone}' is not a valid phone number in international form (+country …)");
        }

        var companyId = await ctx.CompanyIdAsync(ct);
        var report = await ctx.Store.Contacts.EraseAsync(companyId, new ErasureTarget(id, emailKey, phoneKey), ct)
                     ?? throw new CliException($"contact {id} not found in company '{ctx.CompanyName}'");
        await ctx.Store.Notifications.AuditAsync(companyId, "cli", "contact_erase", null,
            id is null ? "by key" : $"contact {id}", ct);
        if (ctx.Json)
        {
            await ctx.Out.WriteLineAsync(ContactJson.Serialize(ErasureJson.From(report), JsonOptions));
        }
        else
        {
            await ctx.Err.WriteLineAsync(
                $"erased {report.ContactsErased} contact(s), {report.BeforeImagesErased} before-image(s), " +
                $"{report.ErrorRowsErased} error row(s), {report.UploadsPurged} held upload(s), " +
                $"{report.NotificationsErased} notification(s), {report.JobPayloadsErased} job payload(s)" +
                (report.UploadsKept > 0 ? $"; {report.UploadsKept} upload(s) of unfinished imports kept: erase again when they end" : ""));
        }

        return 0;
    }
}
