using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Tests.Pipeline;

public sealed class ImportProgressTests
{
    private static ImportProgress Progress(long total, long processed, TimeSpan elapsed, long rowsThisRun) =>
        new(total, new ImportCounts(processed, 0, 0, 0, 0, 0), 1, 2, elapsed, rowsThisRun);

    [Theory]
    [InlineData(1000, 0, 0.0)]
    [InlineData(1000, 250, 25.0)]
    [InlineData(3, 1, 33.3)]
    [InlineData(3, 2, 66.7)]
    [InlineData(1000, 1000, 100.0)]
    [InlineData(0, 0, 100.0)]
    public void Percent_is_the_share_of_processed_rows_with_one_decimal(long total, long processed, double expected)
    {
        Progress(total, processed, TimeSpan.FromSeconds(1), processed).Percent.Should().Be(expected);
    }

    [Fact]
    public void Processed_counts_every_outcome()
    {
        var p = new ImportProgress(100, new ImportCounts(1, 2, 3, 4, 5, 6), 1, 1, TimeSpan.FromSeconds(1), 21);
        p.Processed.Should().Be(21);
        p.Percent.Should().Be(21.0);
    }

    [Fact]
    public void Speed_is_rows_of_this_run_per_minute()
    {
        Progress(10_000, 500, TimeSpan.FromSeconds(30), 500).SpeedPerMinute.Should().Be(1000);
        Progress(10_000, 6000, TimeSpan.FromMinutes(2), 1000).SpeedPerMinute
            .Should().Be(500, "a resumed import counts only the rows of this run");
    }

    [Fact]
    public void Speed_is_zero_before_any_time_has_passed()
    {
        Progress(10, 0, TimeSpan.Zero, 0).SpeedPerMinute.Should().Be(0);
    }

    [Fact]
    public void Eta_is_the_remaining_rows_at_the_speed_of_this_run_rounded_up()
    {
        Progress(1000, 100, TimeSpan.FromSeconds(10), 100).EtaSeconds.Should().Be(90);
        Progress(1000, 300, TimeSpan.FromSeconds(3), 300).EtaSeconds.Should().Be(7);
        Progress(1001, 300, TimeSpan.FromSeconds(3), 300).EtaSeconds.Should().Be(8, "7.01 s is rounded up");
        Progress(1000, 600, TimeSpan.FromSeconds(10), 100).EtaSeconds
            .Should().Be(40, "a resumed import estimates from its own speed");
    }

    [Fact]
    public void Eta_is_zero_when_done_and_unknown_before_the_first_rows()
    {
        Progress(1000, 1000, TimeSpan.FromSeconds(5), 1000).EtaSeconds.Should().Be(0);
        Progress(1000, 0, TimeSpan.FromSeconds(5), 0).EtaSeconds.Should().BeNull();
        Progress(1000, 10, TimeSpan.Zero, 10).EtaSeconds.Should().BeNull();
    }

    [Theory]
    [InlineData(0, 5000, 0)]
    [InlineData(1, 5000, 1)]
    [InlineData(5000, 5000, 1)]
    [InlineData(5001, 5000, 2)]
    [InlineData(10, 3, 4)]
    [InlineData(9, 3, 3)]
    [InlineData(3_000_000_000, 1000, 3_000_000)]
    public void Batches_for_rounds_up(long rows, int batchSize, int expected)
    {
        ImportProgress.BatchesFor(rows, batchSize).Should().Be(expected);
    }

    [Fact]
    public void The_tracker_keeps_the_latest_snapshot_and_raises_changed()
    {
        var tracker = new ProgressTracker();
        var seen = new List<ImportProgress>();
        tracker.Changed += seen.Add;
        var first = Progress(10, 1, TimeSpan.FromSeconds(1), 1);
        var second = Progress(10, 2, TimeSpan.FromSeconds(2), 2);

        tracker.Latest.Should().BeNull();
        tracker.Report(first);
        tracker.Report(second);

        tracker.Latest.Should().BeSameAs(second);
        seen.Should().Equal(first, second);
    }
}
