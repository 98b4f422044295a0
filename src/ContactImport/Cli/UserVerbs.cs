using System.CommandLine;
using System.Text.Json;
using ContactImport.Storage;
using ContactImport.Sync;
using ContactImport.Users;

namespace ContactImport.Cli;

/// <summary><c>users set-phone</c>, <c>users clear-phone</c> and <c>users list</c>: the CLI acts as an admin, so a
/// phone it sets is verified.</summary>
internal static class UserVerbs
{
    private const int PageSize = 500;

    private static readonly Option<string> User = new("--user") { Description = "User name", Required = true };
    private static readonly Option<string> Phone = new("--phone") { Description = "Phone number (international, or national with --default-country)", Required = true };
    private static readonly Option<string?> DefaultCountry = new("--default-country")
    {
        Description = "ISO 3166 alpha-2 country for a number without its country code",
    };

    public static IEnumerable<Verb> Create()
    {
        var users = new Command("users", "Manage users and their phones (for contact sync)");
        var setPhone = new Command("set-phone", "Set a user's verified phone (creates the user if missing)")
        {
            User, Phone, DefaultCountry,
        };
        var clearPhone = new Command("clear-phone", "Remove a user's phone") { User };
        var list = new Command("list", "List the company's users (phones only as their last two digits)");
        users.Add(setPhone);
        users.Add(clearPhone);
        users.Add(list);
        return [new(setPhone, SetPhoneAsync), new(clearPhone, ClearPhoneAsync), new(list, ListAsync)];
    }

    private static async Task<int> SetPhoneAsync(CliContext ctx, CancellationToken ct)
    {
        if (!UserPhones.TryNormalize(ctx.Parse.GetValue(Phone), ctx.Parse.GetValue(DefaultCountry), out var e164, out var error))
        {
            throw new CliException("--" + error.Replace("default_country", "default-country", StringComparison.Ordinal));
        }

        var companyId = await ctx.CompanyIdAsync(ct);
        var name = ctx.Parse.GetValue(User)!;
        var userId = await ctx.Store.Keys.EnsureUserAsync(companyId, name, ct);
        await using var services = Services(ctx);
        var user = await Run(() => services.GetRequiredService<UserPhones>().SetAsync(companyId, userId, e164, verified: true, ct));
        await ctx.Store.Notifications.AuditAsync(companyId, "cli", "user_phone_set", null, name, ct);
        return await WriteAsync(ctx, user!, $"set the verified phone of {name} (…{user!.PhoneHint})");
    }

    private static async Task<int> ClearPhoneAsync(CliContext ctx, CancellationToken ct)
    {
        var companyId = await ctx.CompanyIdAsync(ct);
        var name = ctx.Parse.GetValue(User)!;
        var found = await ctx.Store.Users.FindAsync(companyId, name, ct)
                    ?? throw new CliException($"user '{name}' not found in company '{ctx.CompanyName}'");
        await using var services = Services(ctx);
        var user = await Run(() => services.GetRequiredService<UserPhones>().ClearAsync(companyId, found.Id, ct))
                   ?? throw new CliException($"user '{name}' not found in company '{ctx.CompanyName}'");
        await ctx.Store.Notifications.AuditAsync(companyId, "cli", "user_phone_clear", null, name, ct);
        return await WriteAsync(ctx, user, $"removed the phone of {name}");
    }

    private static async Task<int> ListAsync(CliContext ctx, CancellationToken ct)
    {
        var companyId = await ctx.CompanyIdAsync(ct);
        // Page through: a company may have many users; --json writes one object per line (NDJSON) as it goes.
        for (long after = 0; ;)
        {
            var page = await ctx.Store.Users.ListAsync(companyId, after, PageSize, ct);
            foreach (var u in page)
            {
                if (ctx.Json)
                {
                    await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(UserJson.From(u), UserJsonContext.Default.UserJson));
                }
                else
                {
                    var phone = u.HasPhone ? $"…{u.PhoneHint} {(u.PhoneVerified ? "verified" : "unverified")}" : "no phone";
                    await ctx.Err.WriteLineAsync(
                        $"{u.Id,6}  {u.Name,-24} {phone,-18} {(u.Discoverable ? "discoverable" : "hidden")}");
                }
            }

            if (page.Count < PageSize)
            {
                return 0;
            }

            after = page[^1].Id;
        }
    }

    private static async Task<int> WriteAsync(CliContext ctx, UserInfo user, string message)
    {
        if (ctx.Json)
        {
            await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(UserJson.From(user), UserJsonContext.Default.UserJson));
        }
        else
        {
            await ctx.Err.WriteLineAsync(message);
        }

        return 0;
    }

    /// <summary>The same services <c>serve</c> registers for phones, so the CLI reaches the same observers.</summary>
    private static ServiceProvider Services(CliContext ctx)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables("CONTACTIMPORT_")
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(ctx.Store);
        services.AddUserPhones(ctx.Database);
        return services.BuildServiceProvider();
    }

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SyncSecretUnavailableException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
