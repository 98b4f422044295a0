using ContactImport.Storage;

namespace ContactImport.Sync;

/// <summary>
/// Keeps the users' phone keys in step with their verified phones, and tells the owners who have a newly verified
/// (discoverable) user's number in their synced set: an in-app "contact_joined" notification each.
/// </summary>
public sealed class SyncPhoneObserver(Store store, SyncUserKeys userKeys) : IUserPhoneObserver
{
    public async Task PhoneVerifiedAsync(long companyId, long userId, string e164, CancellationToken cancellationToken)
    {
        var keys = await userKeys.KeysOfAsync(companyId, e164, cancellationToken);
        await store.Sync.ReplaceUserKeysAsync(companyId, userId, keys, cancellationToken);
        if (await store.Users.GetAsync(companyId, userId, cancellationToken) is not { Discoverable: true } user)
        {
            return;
        }

        var name = user.DisplayName ?? user.Name;
        foreach (var owner in await store.Sync.OwnersHoldingAsync(companyId, [.. keys.Select(k => k.K)], cancellationToken))
        {
            if (owner == userId)
            {
                continue;
            }

            var ownerName = (await store.Users.GetAsync(companyId, owner, cancellationToken))?.Name ?? $"user {owner}";
            await store.Notifications.AddAsync(companyId, null, "contact_joined", $"{name} joined",
                $"{name} now uses the app; {ownerName} has them in their synced contacts.", cancellationToken);
        }
    }

    public Task PhoneRemovedAsync(long companyId, long userId, CancellationToken cancellationToken) =>
        store.Sync.ReplaceUserKeysAsync(companyId, userId, [], cancellationToken);
}
