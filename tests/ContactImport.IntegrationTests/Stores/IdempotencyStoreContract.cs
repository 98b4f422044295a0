using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteIdempotencyStoreTests() : IdempotencyStoreContract(StoreKind.Sqlite);

public sealed class PostgresIdempotencyStoreTests() : IdempotencyStoreContract(StoreKind.Postgres);

/// <summary>The Idempotency-Key contract: one request runs per key, its response is replayed, another body is refused,
/// and keys expire.</summary>
public abstract class IdempotencyStoreContract(StoreKind kind) : StoreContract(kind)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly StoredResponse Response = new(207, "application/json", """{"summary":{"total":2}}""");

    private IIdempotencyStore Keys => Store.Idempotency;

    [Fact]
    public async Task The_first_request_starts_and_a_repeat_after_it_completed_replays_its_response()
    {
        (await Keys.BeginAsync(Company, "k1", "hash-a", Now, None)).Outcome.Should().Be(IdempotencyOutcome.Started);
        await Keys.CompleteAsync(Company, "k1", Response, None);

        var again = await Keys.BeginAsync(Company, "k1", "hash-a", Now.AddHours(1), None);

        again.Should().Be(new IdempotencyClaim(IdempotencyOutcome.Replay, Response));
    }

    [Fact]
    public async Task A_repeat_while_the_first_runs_is_in_progress_whatever_its_body()
    {
        await Keys.BeginAsync(Company, "k1", "hash-a", Now, None);

        (await Keys.BeginAsync(Company, "k1", "hash-a", Now, None)).Outcome.Should().Be(IdempotencyOutcome.InProgress);
        (await Keys.BeginAsync(Company, "k1", "hash-b", Now, None)).Outcome.Should().Be(IdempotencyOutcome.InProgress);
    }

    [Fact]
    public async Task Another_body_under_a_completed_key_is_a_mismatch()
    {
        await Keys.BeginAsync(Company, "k1", "hash-a", Now, None);
        await Keys.CompleteAsync(Company, "k1", Response, None);

        (await Keys.BeginAsync(Company, "k1", "hash-b", Now, None)).Outcome.Should().Be(IdempotencyOutcome.Mismatch);
    }

    [Fact]
    public async Task An_abandoned_key_starts_again()
    {
        await Keys.BeginAsync(Company, "k1", "hash-a", Now, None);
        await Keys.AbandonAsync(Company, "k1", None);

        (await Keys.BeginAsync(Company, "k1", "hash-b", Now, None)).Outcome.Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task A_key_starts_afresh_after_24_hours_and_a_running_key_after_its_process_died()
    {
        await Keys.BeginAsync(Company, "done", "hash-a", Now, None);
        await Keys.CompleteAsync(Company, "done", Response, None);
        await Keys.BeginAsync(Company, "stuck", "hash-a", Now, None);

        (await Keys.BeginAsync(Company, "done", "hash-b", Now.AddHours(24).AddSeconds(1), None)).Outcome
            .Should().Be(IdempotencyOutcome.Started);
        (await Keys.BeginAsync(Company, "stuck", "hash-a", Now.AddMinutes(11), None)).Outcome
            .Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task Keys_belong_to_their_company()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        await Keys.BeginAsync(Company, "k1", "hash-a", Now, None);
        await Keys.CompleteAsync(Company, "k1", Response, None);

        (await Keys.BeginAsync(other, "k1", "hash-b", Now, None)).Outcome.Should().Be(IdempotencyOutcome.Started);
    }

    [Fact]
    public async Task Purging_removes_only_expired_keys()
    {
        await Keys.BeginAsync(Company, "old", "hash-a", Now, None);
        await Keys.BeginAsync(Company, "new", "hash-a", Now.AddHours(12), None);
        await Keys.CompleteAsync(Company, "new", Response, None);

        (await Keys.PurgeExpiredAsync(Now.AddHours(25), None)).Should().Be(1);

        (await Keys.BeginAsync(Company, "new", "hash-a", Now.AddHours(25), None)).Outcome.Should().Be(IdempotencyOutcome.Replay);
    }
}
