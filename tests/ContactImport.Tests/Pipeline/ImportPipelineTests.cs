using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Tests.Pipeline;

/// <summary>Control flow of the streaming loop against an in-memory <see cref="IImportTarget"/>.</summary>
public sealed class ImportPipelineTests
{
    private static readonly Guid ImportId = Guid.NewGuid();

    private static string[] Emails(int count) => [.. Enumerable.Range(1, count).Select(i => $"r{i}@x.com")];

    private static Task<PipelineResult> Run(
        FakeImportTarget target, FakeRowSource source, ImportOptions options, ImportCheckpoint? start = null,
        FakePreparer? preparer = null, ProgressTracker? progress = null, CancellationToken stop = default)
    {
        preparer ??= new FakePreparer();
        var run = new PipelineRun(ImportId, 1, source, preparer.Prepare, options, start ?? ImportCheckpoint.Start);
        return new ImportPipeline(target, progress).RunAsync(run, stop);
    }

    [Fact]
    public async Task Without_a_batch_size_the_stores_preferred_size_is_used()
    {
        var target = new FakeImportTarget();

        var result = await Run(target, new FakeRowSource(Emails(7)), new ImportOptions());

        target.Committed.Select(w => w.Rows).Should().Equal(3, 3, 1);
        result.Final.BatchesDone.Should().Be(3);
    }

    [Fact]
    public async Task A_transient_failure_on_the_first_attempt_is_retried_and_committed_once()
    {
        var target = new FakeImportTarget
        {
            FailWrite = (attempt, _) => attempt == 1 ? new TransientFault("connection reset") : null,
        };

        var result = await Run(target, new FakeRowSource(Emails(5)), new ImportOptions { BatchSize = 10 });

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        target.WriteAttempts.Should().Be(2);
        target.Committed.Should().ContainSingle();
        target.Contacts.Should().HaveCount(5);
        result.Final.Should().Be(new ImportCheckpoint(5, new ImportCounts(5, 0, 0, 0, 0, 0), 1));
    }

    [Fact]
    public async Task An_outage_longer_than_the_quick_retries_is_waited_out_by_the_services_policy_and_committed_once()
    {
        var target = new FakeImportTarget
        {
            FailWrite = (attempt, _) => attempt <= 6 ? new TransientFault("connection refused") : null,
        };
        var waits = 0;
        var resilience = new StoreResilience(target.Classify, new StoreResilienceOptions
        {
            MaxDelay = TimeSpan.FromMilliseconds(100),
            OnWait = _ => waits++,
        });
        var run = new PipelineRun(ImportId, 1, new FakeRowSource(Emails(5)), new FakePreparer().Prepare,
            new ImportOptions { BatchSize = 10 }, ImportCheckpoint.Start);

        var result = await new ImportPipeline(target, resilience: resilience).RunAsync(run, CancellationToken.None);

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        target.WriteAttempts.Should().Be(7, "the circuit breaker holds attempts back while it is open, it does not count them");
        waits.Should().BeGreaterThanOrEqualTo(6);
        target.Committed.Should().ContainSingle();
        target.Contacts.Should().HaveCount(5);
    }

    [Fact]
    public async Task A_fatal_store_error_is_not_retried_and_fails_the_run()
    {
        var target = new FakeImportTarget { FailWrite = (_, _) => new InvalidOperationException("disk full") };

        var act = () => Run(target, new FakeRowSource(Emails(5)), new ImportOptions { BatchSize = 10 });

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("disk full");
        target.WriteAttempts.Should().Be(1);
        target.Committed.Should().BeEmpty();
    }

    [Fact]
    public async Task A_transient_failure_in_a_single_transaction_is_not_retried()
    {
        var target = new FakeImportTarget
        {
            FailWrite = (attempt, _) => attempt == 1 ? new TransientFault("connection reset") : null,
        };

        var act = () => Run(target, new FakeRowSource(Emails(5)), new ImportOptions { BatchSize = 10, DryRun = true });

        await act.Should().ThrowAsync<TransientFault>();
        target.WriteAttempts.Should().Be(1);
    }

    [Fact]
    public async Task Bisection_isolates_the_one_row_the_database_rejects_and_commits_the_others()
    {
        var target = new FakeImportTarget
        {
            FailWrite = (_, plan) => plan.Inserts.Any(v => v.Email == "r7@x.com")
                ? new RowDataFault("duplicate key value violates unique constraint \"ux_contacts_email\"")
                : null,
        };

        var result = await Run(target, new FakeRowSource(Emails(10)), new ImportOptions { BatchSize = 10 });

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        result.Final.Should().Be(new ImportCheckpoint(10, new ImportCounts(9, 0, 0, 0, 0, 1), 1));
        target.Contacts.Select(c => c.Values.Email).Should().BeEquivalentTo(Emails(10).Where(e => e != "r7@x.com"));
        var failure = target.Committed.SelectMany(w => w.Plan.Failures).Should().ContainSingle().Subject;
        failure.Error.Row.Should().Be(7);
        failure.Error.Line.Should().Be(8);
        failure.Error.Reason.Should().Be(
            "rejected by the database: duplicate key value violates unique constraint \"ux_contacts_email\"");
        failure.Raw.Should().Equal("r7@x.com");
        target.Committed.Should().OnlyContain(w => w.BatchNumber == 1);
        target.Committed.Select(w => w.Checkpoint.RowsConsumed).Should().BeInAscendingOrder()
            .And.OnlyHaveUniqueItems().And.EndWith(10);
        target.Committed.Sum(w => w.Rows).Should().Be(10);
    }

    [Fact]
    public async Task Cancellation_between_batches_stops_before_the_next_batch()
    {
        using var stop = new CancellationTokenSource();
        var target = new FakeImportTarget { AfterCommit = w => stop.Cancel() };

        var result = await Run(target, new FakeRowSource(Emails(10)), new ImportOptions { BatchSize = 2 }, stop: stop.Token);

        result.Outcome.Should().Be(PipelineOutcome.Cancelled);
        target.Committed.Should().ContainSingle();
        result.Final.Should().Be(new ImportCheckpoint(2, new ImportCounts(2, 0, 0, 0, 0, 0), 1));
        target.Completions.Should().Equal([true], "per-batch mode keeps every finished batch, even when stopped");
    }

    [Fact]
    public async Task Cancellation_while_the_reader_is_waiting_for_rows_is_reported_as_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var target = new FakeImportTarget { AfterCommit = w => stop.Cancel() };
        var source = new FakeRowSource(Emails(6))
        {
            // The reader is still busy with the next batch when the stop arrives: the channel ends empty.
            BeforeRow = (row, ct) => row == 3 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask,
        };

        var result = await Run(target, source, new ImportOptions { BatchSize = 2 }, stop: stop.Token);

        result.Outcome.Should().Be(PipelineOutcome.Cancelled);
        target.Committed.Should().ContainSingle();
        result.Final.RowsConsumed.Should().Be(2);
    }

    [Fact]
    public async Task Cancellation_in_all_or_nothing_mode_while_the_reader_waits_rolls_back()
    {
        using var stop = new CancellationTokenSource();
        var target = new FakeImportTarget { AfterCommit = w => stop.Cancel() };
        var source = new FakeRowSource(Emails(6))
        {
            BeforeRow = (row, ct) => row == 3 ? Task.Delay(Timeout.Infinite, ct) : Task.CompletedTask,
        };

        var result = await Run(
            target, source, new ImportOptions { BatchSize = 2, SkipErrors = false }, stop: stop.Token);

        result.Outcome.Should().Be(PipelineOutcome.Cancelled);
        target.Completions.Should().Equal([false], "a partial all-or-nothing import must never be committed");
    }

    [Fact]
    public async Task All_or_nothing_stops_on_the_first_failed_row_and_rolls_everything_back()
    {
        var target = new FakeImportTarget();
        var source = new FakeRowSource("r1@x.com", "r2@x.com", "bad3", "r4@x.com", "r5@x.com", "r6@x.com");

        var result = await Run(target, source, new ImportOptions { BatchSize = 2, SkipErrors = false });

        result.Outcome.Should().Be(PipelineOutcome.StoppedOnFailedRow);
        target.SingleTransaction.Should().BeTrue();
        target.Completions.Should().Equal(false);
        target.Committed.Select(w => w.BatchNumber).Should().Equal(1, 2);
        result.Final.Should().Be(new ImportCheckpoint(4, new ImportCounts(3, 0, 0, 0, 0, 1), 2));
        result.Failures.Should().ContainSingle().Which.Error.Should().Match<Core.Mapping.RowError>(
            e => e.Row == 3 && e.Reason == "invalid e-mail address");
    }

    [Fact]
    public async Task All_or_nothing_without_failures_commits_the_single_transaction()
    {
        var target = new FakeImportTarget();

        var result = await Run(target, new FakeRowSource(Emails(5)), new ImportOptions { BatchSize = 2, SkipErrors = false });

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        target.SingleTransaction.Should().BeTrue();
        target.Completions.Should().Equal(true);
        result.Final.Should().Be(new ImportCheckpoint(5, new ImportCounts(5, 0, 0, 0, 0, 0), 3));
    }

    [Fact]
    public async Task A_dry_run_rolls_back_with_exact_counts_including_duplicates_across_batches()
    {
        var target = new FakeImportTarget();
        var source = new FakeRowSource("a@x.com", "b@x.com", "a@x.com", "bad4", "c@x.com", "b@x.com");

        var result = await Run(target, source, new ImportOptions { BatchSize = 2, DryRun = true });

        result.Outcome.Should().Be(PipelineOutcome.Completed);
        target.SingleTransaction.Should().BeTrue();
        target.Completions.Should().Equal(false);
        result.Final.Should().Be(new ImportCheckpoint(6, new ImportCounts(3, 0, 0, 0, 2, 1), 3));
        result.Failures.Should().ContainSingle().Which.Error.Row.Should().Be(4);
    }

    [Fact]
    public async Task A_resumed_run_skips_the_consumed_rows_and_continues_the_counts()
    {
        var target = new FakeImportTarget();
        var source = new FakeRowSource(Emails(7));
        var preparer = new FakePreparer();
        var progress = new ProgressTracker();
        var start = new ImportCheckpoint(4, new ImportCounts(3, 0, 0, 0, 0, 1), 2);

        var result = await Run(target, source, new ImportOptions { BatchSize = 2 }, start, preparer, progress);

        source.SkipRequested.Should().Be(4);
        preparer.Prepared.Should().Equal(5, 6, 7);
        target.Committed.Select(w => w.BatchNumber).Should().Equal(3, 4);
        result.Final.Should().Be(new ImportCheckpoint(7, new ImportCounts(6, 0, 0, 0, 0, 1), 4));
        var latest = progress.Latest!;
        latest.TotalBatches.Should().Be(4);
        latest.CurrentBatch.Should().Be(4);
        latest.RowsThisRun.Should().Be(3);
        latest.Percent.Should().Be(100);
    }

    [Fact]
    public async Task Progress_is_reported_after_every_batch_with_exact_totals()
    {
        var target = new FakeImportTarget();
        var progress = new ProgressTracker();
        var seen = new List<ImportProgress>();
        progress.Changed += seen.Add;

        await Run(target, new FakeRowSource(Emails(5)), new ImportOptions { BatchSize = 2 }, progress: progress);

        seen.Select(p => p.CurrentBatch).Should().Equal(0, 1, 2, 3);
        seen.Select(p => p.Processed).Should().Equal(0, 2, 4, 5);
        seen.Should().OnlyContain(p => p.Total == 5 && p.TotalBatches == 3);
    }
}
