using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;

namespace ContactImport.Tests.Merging;

/// <summary>Small builders for already-normalized contacts, rows and stored contacts.</summary>
internal static class Build
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 8, 30, 0, TimeSpan.Zero);

    /// <summary>A NANP phone written as <paramref name="display"/>; the key is +1 and its digits.</summary>
    public static string KeyOf(string display) => "+1" + new string([.. display.Where(char.IsAsciiDigit)]);

    public static ContactValues Values(
        string? email = null, string? phone = null, string? ext = null, string? first = null, string? last = null,
        string? company = null, string? city = null, string? notes = null, string[]? tags = null,
        string[]? extraEmails = null, string[]? extraPhones = null, (string Key, string Value)[]? custom = null)
    {
        var v = new ContactValues
        {
            Email = email,
            Phone = phone,
            PhoneKey = string.IsNullOrEmpty(phone) ? null : KeyOf(phone),
            ExternalId = ext,
            FirstName = first,
            LastName = last,
            Company = company,
            City = city,
            Notes = notes,
            Tags = [.. tags ?? []],
            ExtraEmails = [.. extraEmails ?? []],
            ExtraPhones = [.. extraPhones ?? []],
        };
        foreach (var (key, value) in custom ?? [])
        {
            v.Custom[key] = value;
        }

        return v;
    }

    public static PreparedRow Row(long row, ContactValues values) => new(row, row + 1, [$"raw-{row}"], values, null);

    public static StoredContact Stored(long id, ContactValues values) => new(id, values, null, T0, T0, 1);
}
