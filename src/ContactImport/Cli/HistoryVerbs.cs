using System.CommandLine;
using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using ContactImport.Core.Reports;
using ContactImport.Imports;
using ContactImport.Storage;

namespace ContactImport.Cli;

/// <summary><c>history</c>, <c>show</c>, <c>errors</c>, <c>rollback</c>: the import history of a company.</summary>
internal static class HistoryVerbs
{
    private static readonly JsonSerializerOptions Indented = new(ImportJson.Options) { WriteIndented = true };
    private static readonly Argument<string> Id = new("id") { Description = "Import id" };
    private static readonly Option<string?> Out = new("--out") { Description = "Write the CSV to this file" };
    private static readonly Option<int> Page = new("--page") { DefaultValueFactory = _ => 1 };
    private static readonly Option<int> PageSize = new("--page-size") { DefaultValueFactory = _ => 50 };
    private static readonly Option<string?> Status = new("--status") { Description = "Only imports with this status" };

    public static IEnumerable<Verb> Create() =>
    [
        new(new Command("history", "List imports, newest first") { Page, PageSize, Status }, HistoryAsync),
        new(new Command("show", "Show an import's details") { Id }, ShowAsync),
        new(new Command("errors", "Export an import's findings as CSV (row, line, level, column, value, reason + original columns)") { Id, Out }, ErrorsAsync),
        new(new Command("rollback", "Undo an import: delete what it inserted, restore what it updated") { Id }, RollbackAsync),
    ];

    internal static Task<ImportRecord> FindAsync(CliContext ctx, CancellationToken ct) => FindAsync(ctx, Id, ct);

    /// <summary>The import named by <paramref name="argument"/> (each command holds its own argument instance).</summary>
    internal static async Task<ImportRecord> FindAsync(CliContext ctx, Argument<string> argument, CancellationToken ct)
    {
        var text = ctx.Parse.GetValue(argument)!;
        if (!Guid.TryParse(text, out var id))
        {
            throw new CliException($"'{text}' is not an import id");
        }

        return await ctx.Store.Imports.GetAsync(await ctx.CompanyIdAsync(ct), id, ct)
            ?? throw new CliException($"import {id} not found in company '{ctx.CompanyName}'");
    }

    private static async Task<int> HistoryAsync(CliContext ctx, CancellationToken ct)
    {
        ImportStatus? status = null;
        if (ctx.Parse.GetValue(Status) is { } s)
        {
            status = ImportStatuses.TryParse(s, out var parsed) ? parsed : throw new CliException($"unknown status '{s}'");
        }

        var query = new ImportQuery(ctx.Parse.GetValue(Page), ctx.Parse.GetValue(PageSize), status);
        var page = await ctx.Store.Imports.ListAsync(await ctx.CompanyIdAsync(ct), query, ct);
        if (ctx.Json)
        {
            ctx.WriteJson(new ImportJson.Listing<ImportListItem>(
                page.Items.Select(Details.Summary), query.Page, query.PageSize, page.Total));
        }
        else
        {
            Tables.WriteHistory(ctx.Err, page.Items);
        }

        return 0;
    }

    private static async Task<int> ShowAsync(CliContext ctx, CancellationToken ct)
    {
        var record = await FindAsync(ctx, ct);
        var details = await Details.ForAsync(ctx.Store, record, ct);
        if (ctx.Json)
        {
            ctx.WriteJson(details);
        }
        else
        {
            Tables.WriteSummary(ctx.Err, record);
            await ctx.Err.WriteLineAsync(ContactJson.Serialize(details, Indented));
        }

        return 0;
    }

    private static async Task<int> ErrorsAsync(CliContext ctx, CancellationToken ct)
    {
        var record = await FindAsync(ctx, ct);
        var headers = ImportJson.Deserialize<string[]>(record.Headers ?? "[]") ?? [];
        var singleSource = ErrorReport.HasSingleSource(record.Format);
        var path = ctx.Parse.GetValue(Out);
        if (path is not null)
        {
            await using var file = new StreamWriter(path, false, new System.Text.UTF8Encoding(true));
            await ErrorReport.WriteAsync(file, headers, ctx.Store.Imports.ReadErrorsAsync(record.Id, ct), ct, singleSource);
            if (ctx.Json)
            {
                ctx.WriteJson(new ImportJson.ErrorFile(record.Id, Path.GetFullPath(path), record.Counts.Failed));
            }
            else
            {
                await ctx.Err.WriteLineAsync(
                    $"wrote {record.Counts.Failed} failed row(s) and {record.Counts.Warnings} with warnings to {path}");
            }
        }
        else if (ctx.Json)
        {
            var errors = new List<ImportJson.ErrorRow>();
            await foreach (var e in ctx.Store.Imports.ReadErrorsAsync(record.Id, ct))
            {
                errors.Add(new ImportJson.ErrorRow(e.Row, e.Line, e.Column, e.Value, e.Reason) { Level = ErrorReport.LevelName(e.Level) });
            }

            ctx.WriteJson(new ImportJson.ErrorList(record.Id, errors.Count, errors));
        }
        else
        {
            await ErrorReport.WriteAsync(ctx.Out, headers, ctx.Store.Imports.ReadErrorsAsync(record.Id, ct), ct, singleSource);
        }

        return 0;
    }

    private static async Task<int> RollbackAsync(CliContext ctx, CancellationToken ct)
    {
        var record = await FindAsync(ctx, ct);
        var tracker = new ProgressTracker();
        var done = await ProgressRenderer.RunAsync(ctx.Err, tracker, "rollback " + record.FileName,
                () => new ImportService(ctx.Store).RollbackAsync(record, ct, tracker))
            ?? throw new CliException($"import {record.Id} is {record.Status.ToWire()} and cannot be rolled back");
        if (ctx.Json)
        {
            ctx.WriteJson(ImportJson.ToRollback(done));
        }
        else
        {
            await ctx.Err.WriteLineAsync(
                $"rolled back {done.Id}: {done.ContactsRemoved} removed, {done.ContactsRestored} restored, " +
                $"{done.Conflicts} conflict(s) left alone");
        }

        return 0;
    }
}
