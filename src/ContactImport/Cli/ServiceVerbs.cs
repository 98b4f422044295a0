using System.CommandLine;
using ContactImport.Core.Imports;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;

namespace ContactImport.Cli;

/// <summary><c>serve</c>, <c>worker</c>, <c>retry</c> and <c>keys</c>.</summary>
internal static class ServiceVerbs
{
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Where to listen",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };

    private static readonly Option<int?> Workers = new("--workers") { Description = "Job workers in this process (default 1)" };
    private static readonly Argument<string> Id = new("id") { Description = "Import id" };
    private static readonly Option<string[]> Map = new("--map") { Description = "Corrected mapping \"Header=field\" (repeatable)" };
    private static readonly Option<string> User = new("--user") { Description = "User name", DefaultValueFactory = _ => "admin" };
    private static readonly Option<string> Role = new("--role")
    {
        Description = "What the key may do: admin (everything), member (imports, contacts, own sync) or sync (sync and /api/me only)",
        DefaultValueFactory = _ => ApiRoles.Admin,
    };

    private static readonly Argument<long> KeyId = new("key-id") { Description = "Key id (see keys list)" };

    public static IEnumerable<Verb> Create()
    {
        var keys = new Command("keys", "Manage API keys");
        var create = new Command("create", "Create an API key (creates the company and user if missing); prints only the key") { User, Role };
        var list = new Command("list", "List API keys of the company");
        var revoke = new Command("revoke", "Revoke an API key") { KeyId };
        keys.Add(create);
        keys.Add(list);
        keys.Add(revoke);
        return
        [
            new(new Command("serve", "Run the HTTP API, the UI and in-process workers") { Urls, Workers }, ServeAsync),
            new(new Command("worker", "Run job workers only (scale out on PostgreSQL)") { Workers }, WorkerAsync),
            new(new Command("retry", "Import only the failed rows of an import again") { Id, Map }, RetryAsync),
            new(create, KeyCreateAsync),
            new(list, KeyListAsync),
            new(revoke, KeyRevokeAsync),
        ];
    }

    private static async Task<int> ServeAsync(CliContext ctx, CancellationToken ct)
    {
        var app = ServerApp.Build([], ctx.Database, ctx.Parse.GetValue(Urls), ctx.Parse.GetValue(Workers));
        return await RunHostAsync(ctx, "serve", () => app.RunAsync());
    }

    private static async Task<int> WorkerAsync(CliContext ctx, CancellationToken ct)
    {
        using var host = ServerApp.BuildWorker([], ctx.Database, ctx.Parse.GetValue(Workers));
        return await RunHostAsync(ctx, "worker", () => host.RunAsync());
    }

    /// <summary>
    /// 0 after a requested shutdown (SIGTERM, Ctrl+C); 1 with the reason on stderr when the host itself fails
    /// (cannot listen, cannot start), so a supervisor that restarts on failure does restart it. Database outages
    /// never get here: the workers and the API wait them out.
    /// </summary>
    private static async Task<int> RunHostAsync(CliContext ctx, string verb, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ctx.Err.WriteLineAsync($"error: {verb} stopped: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RetryAsync(CliContext ctx, CancellationToken ct)
    {
        var original = await HistoryVerbs.FindAsync(ctx, Id, ct);
        if (original.Counts.Failed == 0)
        {
            throw new CliException($"import {original.Id} has no failed rows to retry");
        }

        var previous = ImportService.PreviousRequest(original);
        var request = previous with { Mapping = ImportVerb.ParseMapping(ctx.Parse.GetValue(Map) ?? []) };
        var service = new ImportService(ctx.Store);
        using var scratch = new ProcessScratch();
        var (record, inspection) = await service.CreateRetryAsync(original, request, Environment.UserName, scratch, ct);
        try
        {
            var tracker = new ProgressTracker();
            record = await ProgressRenderer.RunAsync(ctx.Err, tracker, record.FileName,
                () => service.RunAsync(record, request, tracker, ct, inspection: inspection));
        }
        finally
        {
            File.Delete(record.FilePath!);
        }

        if (ctx.Json)
        {
            ctx.WriteJson(ImportJson.ToResult(record));
        }
        else
        {
            Tables.WriteSummary(ctx.Err, record);
            await ctx.Out.WriteLineAsync(record.Id.ToString());
        }

        return record.Status == ImportStatus.Failed ? 1 : 0;
    }

    private static async Task<int> KeyCreateAsync(CliContext ctx, CancellationToken ct)
    {
        var role = ctx.Parse.GetValue(Role)!;
        if (!ApiRoles.IsKnown(role))
        {
            throw new CliException($"--role: '{role}' is not a role; expected one of {string.Join(", ", ApiRoles.All)}");
        }

        var companyId = await ctx.CompanyIdAsync(ct);
        var userId = await ctx.Store.Keys.EnsureUserAsync(companyId, ctx.Parse.GetValue(User)!, ct);
        var (info, key) = await ctx.Store.Keys.CreateAsync(companyId, userId, KeyKinds.Api, role, null, ct);
        await ctx.Store.Notifications.AuditAsync(companyId, "cli", "key_create", null, info.Prefix, ct);
        if (ctx.Json)
        {
            ctx.WriteJson(new ImportJson.NewKey(key, info.Id, info.Prefix, info.UserName, info.CreatedAt, ctx.CompanyName)
            {
                Role = info.Role,
            });
        }
        else
        {
            await ctx.Out.WriteLineAsync(key);
            await ctx.Err.WriteLineAsync($"created {info.Role} key {info.Id} for {info.UserName} in company '{ctx.CompanyName}'; it is shown only once");
        }

        return 0;
    }

    private static async Task<int> KeyListAsync(CliContext ctx, CancellationToken ct)
    {
        var keys = await ctx.Store.Keys.ListAsync(await ctx.CompanyIdAsync(ct), ct);
        if (ctx.Json)
        {
            ctx.WriteJson(new ImportJson.KeyList(keys.Select(ImportJson.Key.From)));
        }
        else
        {
            foreach (var k in keys)
            {
                await ctx.Err.WriteLineAsync($"{k.Id,5}  ci_{k.Prefix}_…  {k.UserName,-20} {k.Role,-7} {k.CreatedAt:u}  {(k.RevokedAt is null ? "active" : "revoked")}");
            }
        }

        return 0;
    }

    private static async Task<int> KeyRevokeAsync(CliContext ctx, CancellationToken ct)
    {
        var id = ctx.Parse.GetValue(KeyId);
        if (!await ctx.Store.Keys.RevokeAsync(await ctx.CompanyIdAsync(ct), id, ct))
        {
            throw new CliException($"key {id} not found in company '{ctx.CompanyName}' or already revoked");
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new ImportJson.KeyRevoked(id, "revoked"));
        }
        else
        {
            await ctx.Err.WriteLineAsync($"revoked key {id}");
        }

        return 0;
    }
}
