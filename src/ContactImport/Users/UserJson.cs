using System.Text.Json.Serialization;
using ContactImport.Storage;

namespace ContactImport.Users;

/// <summary>A user as the API and <c>users list --json</c> show it: the phone only as its last two digits.</summary>
public sealed record UserJson(long Id, string Name, string? DisplayName, bool HasPhone, string? PhoneHint,
    bool PhoneVerified, bool Discoverable)
{
    public static UserJson From(UserInfo u) =>
        new(u.Id, u.Name, u.DisplayName, u.HasPhone, u.PhoneHint, u.PhoneVerified, u.Discoverable);
}

/// <summary>A page of users; <paramref name="NextAfter"/> is the <c>after</c> of the next page (null: the last).</summary>
public sealed record UserList(IReadOnlyList<UserJson> Items, long? NextAfter);

/// <summary><c>GET /api/me</c>: who the key is.</summary>
public sealed record MeJson(long UserId, string User, string? DisplayName, string Role, long CompanyId, string Company,
    bool HasPhone, string? PhoneHint, bool PhoneVerified, bool Discoverable);

/// <param name="Phone">Any common format; international (<c>+…</c>) unless <paramref name="DefaultCountry"/> is sent.</param>
/// <param name="DefaultCountry">ISO 3166 alpha-2 region for a national number.</param>
public sealed record PhoneBody(string? Phone, string? DefaultCountry);

public sealed record DiscoverableBody(bool? Discoverable);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UserJson))]
[JsonSerializable(typeof(UserList))]
[JsonSerializable(typeof(MeJson))]
[JsonSerializable(typeof(PhoneBody))]
[JsonSerializable(typeof(DiscoverableBody))]
public sealed partial class UserJsonContext : JsonSerializerContext;
