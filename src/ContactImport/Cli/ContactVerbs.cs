using System.CommandLine;

namespace ContactImport.Cli;

/// <summary><c>contacts</c>: list and search a company's contacts.</summary>
internal static class ContactVerbs
{
    private static readonly Option<string?> Search = new("--search") { Description = "Match name, e-mail, phone or company" };
    private static readonly Option<int> Page = new("--page") { DefaultValueFactory = _ => 1 };
    private static readonly Option<int> PageSize = new("--page-size") { DefaultValueFactory = _ => 50 };

    public static IEnumerable<Verb> Create() =>
    [
        new(new Command("contacts", "List contacts") { Search, Page, PageSize }, ListAsync),
    ];

    private static async Task<int> ListAsync(CliContext ctx, CancellationToken ct)
    {
        var page = ctx.Parse.GetValue(Page);
        var size = ctx.Parse.GetValue(PageSize);
        var result = await ctx.Store.Contacts.ListAsync(await ctx.CompanyIdAsync(ct), ctx.Parse.GetValue(Search), page, size, ct);
        if (ctx.Json)
        {
            ctx.WriteJson(new Imports.ImportJson.Listing<Imports.ContactJsonView>(result.Items.Select(Imports.ContactJsonView.From), page, size, result.Total));
        }
        else
        {
            Tables.WriteContacts(ctx.Err, result.Items);
            await ctx.Err.WriteLineAsync($"{result.Total} contact(s)");
        }

        return 0;
    }
}
