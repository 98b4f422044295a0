using System.Diagnostics.CodeAnalysis;
using ContactImport.Core.Normalization;
using ContactImport.Storage;
using ContactImport.Sync;

namespace ContactImport.Users;

/// <summary>
/// Sets and removes users' phones for the API and the CLI alike: normalizes with libphonenumber, stores the number
/// only encrypted (plus its last two digits), then tells every <see cref="IUserPhoneObserver"/>.
/// </summary>
public sealed class UserPhones(Store store, SyncSecretSource secrets, IEnumerable<IUserPhoneObserver> observers)
{
    /// <summary>
    /// The number's E.164 form, or a complete reason. Without <paramref name="defaultCountry"/> the number must be
    /// international (<c>+…</c>): no region is guessed for someone else's phone.
    /// </summary>
    public static bool TryNormalize(string? raw, string? defaultCountry, [NotNullWhen(true)] out string? e164,
        [NotNullWhen(false)] out string? error)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "phone: a phone number is required";
            return false;
        }

        string? region;
        if (defaultCountry is not null)
        {
            if (!Phones.TryGetRegion(defaultCountry, out region))
            {
                error = "default_country: " + Phones.UnknownRegionMessage(defaultCountry);
                return false;
            }
        }
        else if (raw.TrimStart().StartsWith('+'))
        {
            region = "US"; // ignored for a number with its country calling code
        }
        else
        {
            error = "phone: give the number in international format (+ and country code) or send default_country";
            return false;
        }

        if (!Phones.TryNormalize(raw, region, out var normalized, out var reason))
        {
            error = "phone: " + reason;
            return false;
        }

        e164 = normalized;
        error = null;
        return true;
    }

    /// <summary>Stores <paramref name="e164"/> (already normalized) for the user; null when the company has no such user.</summary>
    public async Task<UserInfo?> SetAsync(long companyId, long userId, string e164, bool verified, CancellationToken ct)
    {
        var encrypted = secrets.Keyring.EncryptPhone(companyId, e164);
        if (!await store.Users.SetPhoneAsync(companyId, userId, encrypted, verified, e164[^2..], ct))
        {
            return null;
        }

        foreach (var observer in observers)
        {
            await (verified
                ? observer.PhoneVerifiedAsync(companyId, userId, e164, ct)
                : observer.PhoneRemovedAsync(companyId, userId, ct));
        }

        return await store.Users.GetAsync(companyId, userId, ct);
    }

    /// <summary>Removes the user's phone; null when the company has no such user.</summary>
    public async Task<UserInfo?> ClearAsync(long companyId, long userId, CancellationToken ct)
    {
        if (!await store.Users.ClearPhoneAsync(companyId, userId, ct))
        {
            return null;
        }

        foreach (var observer in observers)
        {
            await observer.PhoneRemovedAsync(companyId, userId, ct);
        }

        return await store.Users.GetAsync(companyId, userId, ct);
    }

    /// <summary>Opts the user in to or out of sync matches; null when the company has no such user.</summary>
    public async Task<UserInfo?> SetDiscoverableAsync(long companyId, long userId, bool discoverable, CancellationToken ct)
    {
        if (!await store.Users.SetDiscoverableAsync(companyId, userId, discoverable, ct))
        {
            return null;
        }

        foreach (var observer in observers)
        {
            await observer.DiscoverableChangedAsync(companyId, userId, discoverable, ct);
        }

        return await store.Users.GetAsync(companyId, userId, ct);
    }
}
