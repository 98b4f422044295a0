using System.Diagnostics;
using ContactImport.Core.Pipeline;

namespace ContactImport.Tests.Pipeline;

public sealed class StoreResilienceTests
{
    private sealed class Outage : Exception
    {
    }

    private static StoreErrorKind Classify(Exception ex) => ex is Outage ? StoreErrorKind.Transient : StoreErrorKind.Fatal;

    [Fact]
    public async Task Quick_retries_only_survive_three_transient_failures_and_give_up_on_the_fourth()
    {
        var policy = new StoreResilience(Classify, StoreResilienceOptions.QuickRetriesOnly);
        var calls = 0;
        (await policy.ExecuteAsync(_ => ++calls <= 3 ? throw new Outage() : Task.FromResult(calls), CancellationToken.None))
            .Should().Be(4);

        calls = 0;
        var always = () => policy.ExecuteAsync<int>(_ => { calls++; throw new Outage(); }, CancellationToken.None);
        await always.Should().ThrowAsync<Exception>();
        calls.Should().BeLessThanOrEqualTo(4, "three retries, or fewer once the circuit opens");
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_is_not_retried()
    {
        var policy = new StoreResilience(Classify);
        var calls = 0;
        var act = () => policy.ExecuteAsync<int>(_ => { calls++; throw new InvalidOperationException("bug"); }, CancellationToken.None);
        await act.Should().ThrowAsync<InvalidOperationException>();
        calls.Should().Be(1);
    }

    [Fact]
    public async Task An_outage_is_waited_out_up_to_max_wait_with_a_notice_before_every_wait()
    {
        var notices = new List<StoreOutageNotice>();
        var policy = new StoreResilience(Classify, new StoreResilienceOptions
        {
            MaxWait = TimeSpan.FromSeconds(1.5),
            MaxDelay = TimeSpan.FromMilliseconds(400),
            OnWait = notices.Add,
        });
        var clock = Stopwatch.StartNew();
        var act = () => policy.ExecuteAsync<int>(_ => throw new Outage(), CancellationToken.None);
        await act.Should().ThrowAsync<Exception>();
        // Bounds, not counts: on a loaded machine each attempt takes longer, so fewer fit into the wait.
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4)).And.BeLessThan(TimeSpan.FromSeconds(10));
        notices.Should().HaveCountGreaterThan(1);
        notices.Select(n => n.Attempt).Should().BeEquivalentTo(Enumerable.Range(1, notices.Count), o => o.WithStrictOrdering());
        notices.Should().OnlyContain(n => n.Delay <= TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task An_outage_that_ends_lets_the_operation_through()
    {
        var policy = new StoreResilience(Classify, new StoreResilienceOptions { MaxDelay = TimeSpan.FromMilliseconds(200) });
        var back = Stopwatch.StartNew();
        var result = await policy.ExecuteAsync(
            _ => back.Elapsed < TimeSpan.FromSeconds(2) ? throw new Outage() : Task.FromResult("ok"), CancellationToken.None);
        result.Should().Be("ok");
    }

    [Fact]
    public async Task Cancelling_ends_the_wait()
    {
        var policy = new StoreResilience(Classify);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var act = () => policy.ExecuteAsync<int>(_ => throw new Outage(), cancel.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
