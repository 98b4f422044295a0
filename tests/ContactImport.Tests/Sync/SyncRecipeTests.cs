using ContactImport.Core.Normalization;
using ContactImport.Core.Sync;

namespace ContactImport.Tests.Sync;

/// <summary>The worked example of docs/sync.md, and the legal moves of a sync.</summary>
public sealed class SyncRecipeTests
{
    [Fact]
    public void The_documented_example_gives_the_documented_h()
    {
        Phones.TryNormalize("(650) 253-0000", "US", out var e164, out _).Should().BeTrue();
        e164.Should().Be("+16502530000");

        PhoneHash.ClientHash("q7Zk2mX9vL4tR8wN1cYp3A", e164).Should().Be("DirUEbBoLSPxJi430dzoTO_mXvvzsP0GaA6HrLH6QHw");
    }

    [Theory]
    [InlineData(SyncSessionState.Idle, false, true, SyncMove.Single)]
    [InlineData(SyncSessionState.Idle, false, false, SyncMove.Start)]
    [InlineData(SyncSessionState.Collecting, false, false, SyncMove.Start)]
    [InlineData(SyncSessionState.Collecting, true, false, SyncMove.Continue)]
    [InlineData(SyncSessionState.Collecting, true, true, SyncMove.Finish)]
    [InlineData(SyncSessionState.Idle, true, true, SyncMove.UnknownSession)]
    public void A_full_sync_moves_by_its_session_and_final_flag(SyncSessionState state, bool sendsOpenSession, bool final, SyncMove move)
    {
        var open = Guid.NewGuid();
        SyncSessions.Decide(state, state == SyncSessionState.Collecting ? open : null, "t", SyncMode.Full,
            sendsOpenSession ? open : null, final, null).Should().Be(move);
    }

    [Theory]
    [InlineData(SyncSessionState.Idle, "t", SyncMove.Delta)]
    [InlineData(SyncSessionState.Idle, "old", SyncMove.StaleToken)]
    [InlineData(SyncSessionState.Idle, null, SyncMove.StaleToken)]
    [InlineData(SyncSessionState.Collecting, "t", SyncMove.StaleToken)]
    public void A_delta_needs_the_current_token_and_no_open_session(SyncSessionState state, string? token, SyncMove move) =>
        SyncSessions.Decide(state, null, "t", SyncMode.Delta, null, true, token).Should().Be(move);

    [Fact]
    public void The_quota_refills_by_the_day_up_to_its_capacity()
    {
        var quota = new SyncQuotaPolicy(20_000, 1_000);
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        quota.Level(0, at, at.AddHours(12)).Should().BeApproximately(500, 1e-6);
        quota.Level(19_900, at, at.AddDays(3)).Should().Be(20_000);
        quota.WaitFor(1_500, 500).Should().Be(TimeSpan.FromDays(1));
        quota.FullAt(19_000, at).Should().Be(at.AddDays(1));
    }
}
