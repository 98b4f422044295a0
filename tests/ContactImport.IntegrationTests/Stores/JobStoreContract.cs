using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteJobStoreTests() : JobStoreContract(StoreKind.Sqlite);

public sealed class PostgresJobStoreTests() : JobStoreContract(StoreKind.Postgres);

/// <summary>The jobs contract: enqueue, claim under a lease, heartbeat, rescue, finish, retry with backoff.</summary>
public abstract class JobStoreContract(StoreKind kind) : StoreContract(kind)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private IJobStore Jobs => Store.Jobs;

    [Fact]
    public async Task An_enqueued_job_is_claimed_with_its_kind_import_and_payload()
    {
        var import = Guid.NewGuid();
        var id = await Jobs.EnqueueAsync(JobKinds.Rollback, import, Company, "{\"x\":1}", None);

        var job = await Jobs.ClaimAsync("w1", Long, None);

        job.Should().Be(new ClaimedJob(id, JobKinds.Rollback, import, Company, "{\"x\":1}", Attempts: 1, MaxAttempts: 5));
    }

    [Fact]
    public async Task Claiming_with_nothing_queued_returns_null()
    {
        (await Jobs.ClaimAsync("w1", Long, None)).Should().BeNull();
    }

    [Fact]
    public async Task A_claimed_job_is_not_claimed_again_while_its_lease_runs()
    {
        await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        (await Jobs.ClaimAsync("w1", Long, None)).Should().NotBeNull();

        (await Jobs.ClaimAsync("w2", Long, None)).Should().BeNull("w1's lease has not expired");
    }

    [Fact]
    public async Task Jobs_are_claimed_in_the_order_they_were_queued()
    {
        var first = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        await Task.Delay(5); // run_after is a time: two jobs in the same millisecond would tie on it
        var second = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);

        (await Jobs.ClaimAsync("w1", Long, None))!.Id.Should().Be(first);
        (await Jobs.ClaimAsync("w2", Long, None))!.Id.Should().Be(second);
    }

    [Fact]
    public async Task A_job_whose_lease_expired_is_rescued_by_another_worker()
    {
        var id = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        await Jobs.ClaimAsync("dead-worker", TimeSpan.FromMilliseconds(50), None);

        var rescued = await Eventually.Until(() => Jobs.ClaimAsync("w2", Long, None), "the expired lease to be claimable");

        rescued.Id.Should().Be(id);
        rescued.Attempts.Should().Be(2, "the rescue is the job's second attempt");
        (await Jobs.HeartbeatAsync(id, "dead-worker", Long, None)).Should().BeFalse("the job is w2's now");
    }

    [Fact]
    public async Task A_heartbeat_extends_the_lease_of_its_own_worker_only()
    {
        var id = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        await Jobs.ClaimAsync("w1", Long, None);

        (await Jobs.HeartbeatAsync(id, "w1", Long, None)).Should().BeTrue();
        (await Jobs.HeartbeatAsync(id, "w2", Long, None)).Should().BeFalse("w2 does not hold the job");
    }

    [Fact]
    public async Task A_finished_job_is_no_longer_active_nor_claimable()
    {
        var import = Guid.NewGuid();
        var id = await Jobs.EnqueueAsync(JobKinds.Import, import, Company, null, None);
        (await Jobs.HasActiveAsync(import, None)).Should().BeTrue("it is queued");
        await Jobs.ClaimAsync("w1", Long, None);
        (await Jobs.HasActiveAsync(import, None)).Should().BeTrue("it is running");

        (await Jobs.FinishAsync(id, "w1", JobState.Done, null, null, None)).Should().BeTrue();

        (await Jobs.HasActiveAsync(import, None)).Should().BeFalse();
        (await Jobs.ClaimAsync("w2", TimeSpan.FromMilliseconds(1), None)).Should().BeNull();
        (await Jobs.HeartbeatAsync(id, "w1", Long, None)).Should().BeFalse("a finished job has no lease");
    }

    [Fact]
    public async Task A_pending_notify_job_is_claimable_but_does_not_make_its_import_active()
    {
        var import = Guid.NewGuid();
        await Jobs.EnqueueAsync(JobKinds.Notify, import, Company, "{\"to\":\"a@example.com\"}", None);

        (await Jobs.HasActiveAsync(import, None)).Should().BeFalse("an e-mail never holds its import");
        (await Jobs.ClaimAsync("w1", Long, None))!.Kind.Should().Be(JobKinds.Notify);
        (await Jobs.HasActiveAsync(import, None)).Should().BeFalse();
        await Jobs.EnqueueAsync(JobKinds.Rollback, import, Company, null, None);
        (await Jobs.HasActiveAsync(import, None)).Should().BeTrue("a rollback does hold it");
    }

    [Fact]
    public async Task A_job_handed_back_for_a_retry_runs_again_only_after_its_backoff()
    {
        var id = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        await Jobs.ClaimAsync("w1", Long, None);

        await Jobs.FinishAsync(id, "w1", JobState.Queued, DateTimeOffset.UtcNow.AddHours(1), "boom", None);
        (await Jobs.ClaimAsync("w2", Long, None)).Should().BeNull("its backoff has not passed");

        await Db.ExecuteAsync(Kind == StoreKind.Sqlite
            ? $"UPDATE jobs SET run_after = 0 WHERE id = {id}"
            : $"UPDATE jobs SET run_after = now() - interval '1 second' WHERE id = {id}");
        var again = await Jobs.ClaimAsync("w2", Long, None);
        again!.Id.Should().Be(id);
        again.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task A_job_failed_for_good_is_never_claimed_again()
    {
        var import = Guid.NewGuid();
        var id = await Jobs.EnqueueAsync(JobKinds.Import, import, Company, null, None);
        await Jobs.ClaimAsync("w1", Long, None);

        await Jobs.FinishAsync(id, "w1", JobState.Failed, null, "broken", None);

        (await Jobs.ClaimAsync("w2", TimeSpan.FromMilliseconds(1), None)).Should().BeNull();
        (await Jobs.HasActiveAsync(import, None)).Should().BeFalse();
    }

    [Fact]
    public async Task Finishing_a_job_another_worker_holds_changes_nothing()
    {
        var import = Guid.NewGuid();
        var id = await Jobs.EnqueueAsync(JobKinds.Import, import, Company, null, None);
        await Jobs.ClaimAsync("w1", Long, None);

        (await Jobs.FinishAsync(id, "w2", JobState.Done, null, null, None)).Should().BeFalse();

        (await Jobs.HasActiveAsync(import, None)).Should().BeTrue();
        (await Jobs.HeartbeatAsync(id, "w1", Long, None)).Should().BeTrue();
    }

    [Fact]
    public async Task A_running_job_cannot_end_as_running()
    {
        var id = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);
        await Jobs.ClaimAsync("w1", Long, None);

        await FluentActions.Awaiting(() => Jobs.FinishAsync(id, "w1", JobState.Running, null, null, None))
            .Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task An_unknown_job_kind_is_refused_when_it_is_queued()
    {
        await FluentActions.Awaiting(() => Jobs.EnqueueAsync("export", Guid.NewGuid(), Company, null, None))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*export*");
    }

    [Fact]
    public async Task An_unknown_job_state_is_refused_by_the_schema()
    {
        var id = await Jobs.EnqueueAsync(JobKinds.Import, Guid.NewGuid(), Company, null, None);

        await FluentActions.Awaiting(() => Db.ExecuteAsync($"UPDATE jobs SET state = 'paused' WHERE id = {id}"))
            .Should().ThrowAsync<Exception>().WithMessage("*jobs*state*");
        (await Jobs.ClaimAsync("w1", Long, None))!.Id.Should().Be(id, "the job is still queued");
    }
}
