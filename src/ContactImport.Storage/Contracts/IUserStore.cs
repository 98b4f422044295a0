namespace ContactImport.Storage;

/// <summary>A user as the API shows it: never the phone number itself, only whether there is one and its last two
/// digits.</summary>
public sealed record UserInfo(long Id, string Name, string? DisplayName, bool HasPhone, bool PhoneVerified,
    bool Discoverable, string? PhoneHint);

/// <summary>
/// Users of a company and their phones. A phone is stored only as the blob the caller encrypted (under the server's
/// sync secret, which the database never sees) and a last-two-digits hint; the store never sees the number.
/// </summary>
public interface IUserStore
{
    Task<UserInfo?> GetAsync(long companyId, long userId, CancellationToken cancellationToken);

    Task<UserInfo?> FindAsync(long companyId, string name, CancellationToken cancellationToken);

    /// <summary>The company's users in id order after <paramref name="afterId"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<UserInfo>> ListAsync(long companyId, long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the user's phone; false when the company has no such user.</summary>
    /// <param name="phoneHint">The number's last two digits.</param>
    Task<bool> SetPhoneAsync(long companyId, long userId, byte[] encryptedPhone, bool verified, string phoneHint,
        CancellationToken cancellationToken);

    /// <summary>Removes the user's phone; false when the company has no such user.</summary>
    Task<bool> ClearPhoneAsync(long companyId, long userId, CancellationToken cancellationToken);

    /// <summary>Whether the user may be named to others in contact sync (default on); false when there is no such user.</summary>
    Task<bool> SetDiscoverableAsync(long companyId, long userId, bool discoverable, CancellationToken cancellationToken);

    /// <summary>The name shown to others in sync matches (null: the user name); false when there is no such user.</summary>
    Task<bool> SetDisplayNameAsync(long companyId, long userId, string? displayName, CancellationToken cancellationToken);

    /// <summary>Every verified phone of the company (discoverable or not), streamed in user id order.</summary>
    IAsyncEnumerable<(long UserId, byte[] EncryptedPhone)> ReadVerifiedPhonesAsync(long companyId,
        CancellationToken cancellationToken);

    /// <summary>The company's name; null when there is no such company.</summary>
    Task<string?> CompanyNameAsync(long companyId, CancellationToken cancellationToken);
}
