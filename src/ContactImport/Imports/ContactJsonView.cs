using ContactImport.Core.Contacts;

namespace ContactImport.Imports;

/// <summary>A contact as JSON (CLI and API).</summary>
public sealed record ContactJsonView(
    long Id, string? ExternalId, string? FirstName, string? LastName, string? Email, string? Phone,
    [property: System.Text.Json.Serialization.JsonPropertyName("phone_e164")] string? PhoneE164,
    string? Company, string? JobTitle, string? City, string? Country, string? Notes, List<string> Tags,
    List<string> ExtraEmails, List<string> ExtraPhones, SortedDictionary<string, string> CustomFields, Guid? ImportedFrom,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static ContactJsonView From(StoredContact c)
    {
        var v = c.Values;
        return new ContactJsonView(
            c.Id, v.ExternalId, v.FirstName, v.LastName, v.Email, v.Phone, v.PhoneKey, v.Company, v.JobTitle, v.City,
            v.Country, v.Notes, v.Tags, v.ExtraEmails, v.ExtraPhones, v.Custom, c.ImportedFrom, c.CreatedAt, c.UpdatedAt,
            c.Version);
    }
}
