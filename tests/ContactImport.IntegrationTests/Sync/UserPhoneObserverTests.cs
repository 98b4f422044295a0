using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;
using ContactImport.Sync;
using ContactImport.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactImport.IntegrationTests.Sync;

/// <summary>Every phone change reaches every registered observer after the store has it; a change for a user the
/// company does not have reaches none.</summary>
public sealed class UserPhoneObserverTests
{
    [Theory, BothStores]
    public async Task Observers_hear_of_verified_unverified_removed_phones_and_discoverability_after_the_write(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        await using var store = await db.OpenMigratedStoreAsync();
        var company = await store.EnsureCompanyAsync("acme", CancellationToken.None);
        var alice = await store.Keys.EnsureUserAsync(company, "alice", CancellationToken.None);
        var first = new Recorder(store);
        var second = new Recorder(store);
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(
                [new KeyValuePair<string, string?>("SYNC_SECRET", Convert.ToBase64String(new byte[32]))]).Build())
            .AddSingleton(store)
            .AddUserPhones(db.Db)
            .AddSingleton<IUserPhoneObserver>(first)
            .AddSingleton<IUserPhoneObserver>(second);
        await using var provider = services.BuildServiceProvider();
        var phones = provider.GetRequiredService<UserPhones>();
        var none = CancellationToken.None;

        await phones.SetAsync(company, alice, "+32475123456", verified: true, none);
        await phones.SetAsync(company, alice, "+32470112233", verified: false, none);
        await phones.SetDiscoverableAsync(company, alice, false, none);
        await phones.ClearAsync(company, alice, none);
        (await phones.SetAsync(company, alice + 1000, "+32475123456", verified: true, none)).Should().BeNull();

        string[] expected =
        [
            $"verified {alice} +32475123456 (stored: verified)",
            $"removed {alice} (stored: unverified)",
            $"discoverable {alice} False (stored: False)",
            $"removed {alice} (stored: no phone)",
        ];
        first.Calls.Should().Equal(expected);
        second.Calls.Should().Equal(expected);
    }

    /// <summary>Records each call with what the store holds at that moment (so the order against the write shows).</summary>
    private sealed class Recorder(Store store) : IUserPhoneObserver
    {
        public List<string> Calls { get; } = [];

        public async Task PhoneVerifiedAsync(long companyId, long userId, string e164, CancellationToken ct) =>
            Calls.Add($"verified {userId} {e164} (stored: {await StateAsync(companyId, userId, ct)})");

        public async Task PhoneRemovedAsync(long companyId, long userId, CancellationToken ct) =>
            Calls.Add($"removed {userId} (stored: {await StateAsync(companyId, userId, ct)})");

        public async Task DiscoverableChangedAsync(long companyId, long userId, bool discoverable, CancellationToken ct) =>
            Calls.Add($"discoverable {userId} {discoverable} (stored: {(await store.Users.GetAsync(companyId, userId, ct))!.Discoverable})");

        private async Task<string> StateAsync(long companyId, long userId, CancellationToken ct) =>
            await store.Users.GetAsync(companyId, userId, ct) switch
            {
                { HasPhone: false } => "no phone",
                { PhoneVerified: true } => "verified",
                _ => "unverified",
            };
    }
}
