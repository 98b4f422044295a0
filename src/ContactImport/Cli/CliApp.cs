using System.CommandLine;
using System.Text.Json;
using ContactImport.Core.Reading;
using ContactImport.Storage;

namespace ContactImport.Cli;

/// <summary>Global options every verb takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "Database: a SQLite file path, a postgres:// URL or a Host=… connection string " +
                      "(default: $CONTACTIMPORT_DB, else contactimport.db)",
        Recursive = true,
    };

    public static readonly Option<string> Company = new("--company")
    {
        Description = "Company (tenant) name",
        DefaultValueFactory = _ => "default",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print exactly one JSON object on stdout",
        Recursive = true,
    };
}

/// <summary>What a verb's action gets: parsed options, writers and an open, migrated store.</summary>
internal sealed class CliContext(ParseResult parse, TextWriter stdout, TextWriter stderr, string database, Store store)
{
    /// <summary><c>--db</c>, else <c>CONTACTIMPORT_DB</c>, else <c>contactimport.db</c>.</summary>
    public string Database { get; } = database;

    public ParseResult Parse { get; } = parse;
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;
    public Store Store { get; } = store;
    public bool Json => Parse.GetValue(GlobalOptions.Json);
    public string CompanyName => Parse.GetValue(GlobalOptions.Company) ?? "default";

    public Task<long> CompanyIdAsync(CancellationToken ct) => Store.EnsureCompanyAsync(CompanyName, ct);

    public void WriteJson<T>(T value) => Out.WriteLine(Imports.ImportJson.Serialize(value));
}

/// <summary>A fatal, user-facing CLI error: one line <c>error: …</c>, exit 1.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>The command tree. stdout carries only results; progress, tables and messages go to stderr.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var root = new RootCommand("ContactImport — fast, safe bulk contact import")
        {
            GlobalOptions.Db, GlobalOptions.Company, GlobalOptions.Json,
        };
        var verbs = new[] { ImportVerb.Create(), MigrateVerb() }
            .Concat(HistoryVerbs.Create()).Concat(ContactVerbs.Create()).Concat(ServiceVerbs.Create())
            .Concat(UserVerbs.Create());
        foreach (var verb in verbs)
        {
            // Subcommands (keys create) are reached through their parent, added once.
            var top = verb.Command.Parents.OfType<Command>().FirstOrDefault() ?? verb.Command;
            if (!root.Subcommands.Contains(top))
            {
                root.Add(top);
            }

            verb.Command.SetAction((parse, ct) => RunVerbAsync(parse, verb.Action, stdout, stderr, ct));
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return await root.Parse(args).InvokeAsync(config, cancellationToken);
    }

    private static async Task<int> RunVerbAsync(ParseResult parse, Func<CliContext, CancellationToken, Task<int>> action,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        try
        {
            var database = parse.GetValue(GlobalOptions.Db) ?? Environment.GetEnvironmentVariable("CONTACTIMPORT_DB")
                           ?? StoreFactory.DefaultDatabase;
            await using var store = StoreFactory.Create(database);
            await store.MigrateAsync(ct);
            return await action(new CliContext(parse, stdout, stderr, database, store), ct);
        }
        catch (Exception ex) when (ex is CliException or ImportFileException or ArgumentException or IOException
                                       or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            var message = ex is System.Data.Common.DbException ? "database: " + ex.Message : ex.Message;
            await stderr.WriteLineAsync("error: " + message);
            if (json)
            {
                await stdout.WriteLineAsync(Imports.ImportJson.Serialize(new Imports.ImportJson.Failure("failed", message)));
            }

            return 1;
        }
    }

    private static Verb MigrateVerb() => new(new Command("migrate", "Create or upgrade the database schema"),
        async (ctx, ct) =>
        {
            var version = await ctx.Store.MigrateAsync(ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new Imports.ImportJson.Migrated("ok", ctx.Store.Kind, version));
            }
            else
            {
                await ctx.Err.WriteLineAsync($"{ctx.Store.Kind} schema at version {version}");
            }

            return 0;
        });
}

/// <summary>A command and what it does once the store is open.</summary>
internal sealed record Verb(Command Command, Func<CliContext, CancellationToken, Task<int>> Action);
