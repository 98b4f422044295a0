using ContactImport.Core.Imports;

namespace ContactImport.Tests.Imports;

/// <summary>The import status state machine: the helpers the API sends to clients come from its one table.</summary>
public sealed class ImportStatusTests
{
    private static readonly ImportStatus[] All = Enum.GetValues<ImportStatus>();

    [Fact]
    public void Rollback_is_offered_exactly_where_a_run_ended_without_being_rolled_back()
    {
        All.Where(s => s.CanRollBack()).Should().BeEquivalentTo(
            [ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Cancelled]);
    }

    [Fact]
    public void Cancel_is_offered_only_while_a_run_is_queued_or_running()
    {
        All.Where(s => s.CanCancel()).Should().BeEquivalentTo([ImportStatus.Queued, ImportStatus.Running]);
    }

    [Fact]
    public void Final_statuses_are_where_a_run_ended()
    {
        All.Where(s => s.IsFinal()).Should().BeEquivalentTo(
        [
            ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Cancelled,
            ImportStatus.RolledBack, ImportStatus.Validated,
        ]);
    }

    [Fact]
    public void Retry_is_offered_where_a_run_ended_unless_it_was_rolled_back()
    {
        All.Where(s => s.CanRetry()).Should().BeEquivalentTo(
        [
            ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Cancelled,
            ImportStatus.Validated,
        ]);
    }

    [Fact]
    public void A_rolled_back_import_moves_nowhere()
    {
        All.Where(s => ImportStatus.RolledBack.CanMove(s)).Should().BeEmpty();
    }

    [Fact]
    public void Staying_in_a_status_is_not_a_move()
    {
        All.Where(s => s.CanMove(s)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(ImportStatus.Cancelling, ImportStatus.Running)]
    [InlineData(ImportStatus.Completed, ImportStatus.Running)]
    [InlineData(ImportStatus.RolledBack, ImportStatus.RollingBack)]
    [InlineData(ImportStatus.Uploaded, ImportStatus.Completed)]
    public void Moves_outside_the_lifecycle_are_not_legal(ImportStatus from, ImportStatus to)
    {
        from.CanMove(to).Should().BeFalse();
    }

    [Fact]
    public void Every_status_a_run_can_end_in_is_reachable_from_running()
    {
        new[] { ImportStatus.Completed, ImportStatus.CompletedWithErrors, ImportStatus.Failed, ImportStatus.Cancelled,
                ImportStatus.Validated, ImportStatus.Queued }
            .Should().OnlyContain(s => ImportStatus.Running.CanMove(s));
    }
}
