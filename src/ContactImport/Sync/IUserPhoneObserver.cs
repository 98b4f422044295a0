namespace ContactImport.Sync;

/// <summary>
/// Told after a user's phone or discoverability is written (API and CLI alike), e.g. to maintain the keyed hashes
/// that sync matches against. Every registered observer is called in turn; an exception fails the request after the
/// write (it is safe to repeat: the same call reaches the observers again). The number is never to be logged or stored.
/// </summary>
public interface IUserPhoneObserver
{
    /// <summary>The user now has this verified phone (replacing any earlier one).</summary>
    Task PhoneVerifiedAsync(long companyId, long userId, string e164, CancellationToken ct);

    /// <summary>The user has no verified phone any more (removed, or replaced by an unverified one).</summary>
    Task PhoneRemovedAsync(long companyId, long userId, CancellationToken ct);

    /// <summary>The user opted in to or out of being named in sync matches.</summary>
    Task DiscoverableChangedAsync(long companyId, long userId, bool discoverable, CancellationToken ct) => Task.CompletedTask;
}
