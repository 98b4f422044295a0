using System.Security.Cryptography;
using ContactImport.Core.Sync;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteSyncStoreTests() : SyncStoreContract(StoreKind.Sqlite);

public sealed class PostgresSyncStoreTests() : SyncStoreContract(StoreKind.Postgres);

/// <summary>The sync contract: sets of keyed hashes (full, chunked, delta), matches, quota, salts, aggregates.</summary>
public abstract class SyncStoreContract(StoreKind kind) : StoreContract(kind)
{
    private static readonly SyncQuotaPolicy Plenty = new(1_000_000, 1_000);
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private const long Owner = 101;

    private ISyncStore Sync => Store.Sync;

    private static byte[] K() => RandomNumberGenerator.GetBytes(32);

    private SyncRequest Full(byte[][] keys, Guid? session = null, bool final = true, long owner = Owner, long? company = null,
        SyncQuotaPolicy? quota = null, bool favorite = false) =>
        new(company ?? Company, owner, SyncMode.Full, 1, 1, [.. keys.Select((k, i) => new SyncEntry(i, k, favorite))], [], null,
            session, final, quota ?? Plenty, Now);

    private SyncRequest Delta(string? token, byte[][] adds, byte[][] removals) =>
        new(Company, Owner, SyncMode.Delta, 1, 1, [.. adds.Select((k, i) => new SyncEntry(i, k, false))], removals, token,
            null, true, Plenty, Now);

    [Fact]
    public async Task A_full_sync_inserts_then_a_second_one_replaces_the_set_and_counts_every_change()
    {
        var (a, b, c) = (K(), K(), K());
        var first = await Sync.ApplyAsync(Full([a, b]), None);
        first.Should().Match<SyncResult>(r => r.Applied && r.Completed && r.Inserted == 2 && r.Token != null && r.Session == null);

        var second = await Sync.ApplyAsync(Full([b, c], favorite: true), None);

        second.Inserted.Should().Be(1);
        second.Updated.Should().Be(1, "b became a favourite");
        second.Unchanged.Should().Be(0);
        second.Removed.Should().Be(1, "a was not named");
        second.Token.Should().NotBe(first.Token);
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(2);
        var third = await Sync.ApplyAsync(Full([b, c], favorite: true), None);
        third.Should().Match<SyncResult>(r => r.Unchanged == 2 && r.Inserted == 0 && r.Updated == 0 && r.Removed == 0);
    }

    [Fact]
    public async Task A_chunked_full_sync_replaces_the_set_only_at_its_final_chunk()
    {
        var old = K();
        await Sync.ApplyAsync(Full([old]), None);
        var (a, b, c) = (K(), K(), K());

        var start = await Sync.ApplyAsync(Full([a], final: false), None);
        start.Session.Should().NotBeNull();
        start.Token.Should().BeNull("the set is not complete yet");
        start.Completed.Should().BeFalse();
        var middle = await Sync.ApplyAsync(Full([b, old], start.Session, final: false), None);
        middle.Unchanged.Should().Be(1);
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(3);
        var end = await Sync.ApplyAsync(Full([c], start.Session), None);

        end.Completed.Should().BeTrue();
        end.Token.Should().NotBeNull();
        end.Removed.Should().Be(0, "the old number was named by a chunk");
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(4);
        (await Sync.ApplyAsync(Full([a], start.Session), None)).Move.Should().Be(SyncMove.UnknownSession);
    }

    [Fact]
    public async Task A_new_full_sync_abandons_an_open_session_and_its_chunks()
    {
        var abandoned = await Sync.ApplyAsync(Full([K(), K()], final: false), None);
        var keep = K();

        var fresh = await Sync.ApplyAsync(Full([keep], final: false), None);
        var end = await Sync.ApplyAsync(Full([], fresh.Session), None);

        end.Removed.Should().Be(2);
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(1);
        (await Sync.ApplyAsync(Full([K()], abandoned.Session), None)).Move.Should().Be(SyncMove.UnknownSession);
    }

    [Fact]
    public async Task A_delta_adds_and_removes_against_the_current_token_and_a_stale_token_is_refused()
    {
        var (a, b, c) = (K(), K(), K());
        var full = await Sync.ApplyAsync(Full([a, b]), None);

        var delta = await Sync.ApplyAsync(Delta(full.Token, [c, b], [a, K()]), None);

        delta.Should().Match<SyncResult>(r => r.Move == SyncMove.Delta && r.Inserted == 1 && r.Unchanged == 1 && r.Removed == 1);
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(2);
        var stale = await Sync.ApplyAsync(Delta(full.Token, [K()], []), None);
        stale.Move.Should().Be(SyncMove.StaleToken);
        stale.Applied.Should().BeFalse();
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(2, "a refused delta writes nothing");
        (await Sync.ApplyAsync(Delta(delta.Token, [K()], []), None)).Inserted.Should().Be(1);
    }

    [Fact]
    public async Task Matches_are_users_of_the_same_company_whose_phone_key_the_request_holds()
    {
        var (ada, bob, stranger) = (K(), K(), K());
        await Sync.ReplaceUserKeysAsync(Company, 7, [new SyncUserKey(1, 1, ada)], None);
        await Sync.ReplaceUserKeysAsync(Company, 8, [new SyncUserKey(1, 1, bob), new SyncUserKey(2, 1, K())], None);
        var other = await Store.EnsureCompanyAsync("globex", None);
        await Sync.ReplaceUserKeysAsync(other, 9, [new SyncUserKey(1, 1, stranger)], None);

        var result = await Sync.ApplyAsync(Full([K(), bob, stranger, ada]), None);

        result.Matches.Should().Equal(new SyncMatch(1, 8), new SyncMatch(3, 7));
        await Sync.ReplaceUserKeysAsync(Company, 8, [], None);
        (await Sync.ApplyAsync(Full([bob]), None)).Matches.Should().BeEmpty("user 8's phone was removed");
        (await Sync.OwnersHoldingAsync(Company, [bob, K()], None)).Should().Equal(Owner);
        (await Sync.OwnersHoldingAsync(Company, [ada], None)).Should().BeEmpty("the last full sync replaced the set");
        (await Sync.OwnersHoldingAsync(other, [bob], None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Another_company_keeps_its_own_set_for_the_same_owner_id()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        var k = K();
        await Sync.ApplyAsync(Full([k]), None);

        var there = await Sync.ApplyAsync(Full([k], company: other), None);

        there.Inserted.Should().Be(1);
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(1);
    }

    [Fact]
    public async Task The_quota_refuses_more_new_numbers_than_the_bucket_holds_and_refills_by_the_day()
    {
        var quota = new SyncQuotaPolicy(3, 1);
        var first = await Sync.ApplyAsync(Full([K(), K()], quota: quota), None);
        first.QuotaRemaining.Should().Be(1);
        first.QuotaResetsAt.Should().BeCloseTo(Now.AddDays(2), TimeSpan.FromSeconds(1));

        var refused = await Sync.ApplyAsync(Full([K(), K(), K()], quota: quota), None);

        refused.QuotaExceeded.Should().BeTrue();
        refused.RetryAfter.Should().BeCloseTo(TimeSpan.FromDays(2), TimeSpan.FromSeconds(1));
        (await Sync.CountAsync(Company, Owner, None)).Should().Be(2, "a refused sync writes nothing");
        var later = await Sync.ApplyAsync(Full([K(), K(), K()], quota: quota) with { Now = Now.AddDays(2) }, None);
        later.Inserted.Should().Be(3);
        later.QuotaRemaining.Should().Be(0);
    }

    [Fact]
    public async Task A_rotation_keeps_the_old_salt_live_for_the_overlap_only()
    {
        var first = await Sync.CurrentSaltAsync(Company, Now, () => "salt-one", None);
        (await Sync.CurrentSaltAsync(Company, Now, () => "never", None)).Should().Be(first);

        var second = await Sync.RotateSaltAsync(Company, "salt-two", Now, TimeSpan.FromHours(1), None);

        second.SaltId.Should().Be(first.SaltId + 1);
        (await Sync.CurrentSaltAsync(Company, Now, () => "never", None)).Salt.Should().Be("salt-two");
        (await Sync.LiveSaltsAsync(Company, Now, None)).Select(s => s.SaltId).Should().Equal(2, 1);
        (await Sync.LiveSaltsAsync(Company, Now.AddHours(2), None)).Select(s => s.SaltId).Should().Equal(2);
        (await Sync.GetSaltAsync(Company, 1, None))!.IsLive(Now.AddHours(2)).Should().BeFalse();
    }

    [Fact]
    public async Task Rebuilding_a_salts_user_keys_happens_once_per_key_version()
    {
        await Sync.CurrentSaltAsync(Company, Now, () => "s", None);
        var ada = K();

        (await Sync.RebuildSaltKeysAsync(Company, 1, 1, Keys((7, ada), (8, K())), None)).Should().BeTrue();
        (await Sync.RebuildSaltKeysAsync(Company, 1, 1, Keys((9, ada)), None)).Should().BeFalse();

        (await Sync.GetSaltAsync(Company, 1, None))!.UserKeysVersion.Should().Be(1);
        (await Sync.ApplyAsync(Full([ada]), None)).Matches.Should().Equal(new SyncMatch(0, 7));
    }

    [Fact]
    public async Task A_bulk_insert_adds_many_owners_numbers_and_makes_their_tokens_stale()
    {
        var k = K();
        var full = await Sync.ApplyAsync(Full([k]), None);

        var inserted = await Sync.BulkInsertAsync(Company, 1, 1,
            [new BulkSyncEntry(Owner, k, false), new BulkSyncEntry(Owner, K(), false), new BulkSyncEntry(202, K(), true)], None);

        inserted.Should().Be(2);
        (await Sync.CountAsync(Company, 202, None)).Should().Be(1);
        (await Sync.ApplyAsync(Delta(full.Token, [K()], []), None)).Move.Should().Be(SyncMove.StaleToken);
    }

    [Fact]
    public async Task Statistics_aggregate_per_day_with_nearest_rank_percentiles()
    {
        for (var i = 1; i <= 20; i++)
        {
            await Sync.RecordAsync(Company, new SyncStat(Now, i % 2 == 0 ? "full" : "delta", i != 20, 100, 10, 1, 2, i), None);
        }

        await Sync.RecordAsync(Company, new SyncStat(Now.AddDays(-1), "full", true, 5, 5, 0, 0, 7), None);
        var other = await Store.EnsureCompanyAsync("globex", None);
        await Sync.RecordAsync(other, new SyncStat(Now, "full", true, 999, 999, 0, 0, 1), None);

        var days = await Sync.StatisticsAsync(Company, Now.AddDays(-7), None);

        days.Should().Equal(
            new SyncDay("2026-11-28", 1, 1, 5, 5, 0, 0, 7, 7),
            new SyncDay("2026-11-29", 19, 20, 2000, 200, 20, 40, 10, 19));
    }

    private static async IAsyncEnumerable<(long, byte[])> Keys(params (long User, byte[] K)[] keys)
    {
        await Task.Yield();
        foreach (var key in keys)
        {
            yield return key;
        }
    }
}
