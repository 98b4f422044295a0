using ContactImport.Core.Contacts;

namespace ContactImport.IntegrationTests.Infrastructure;

/// <summary>
/// A stored contact as a value (record equality field by field, lists joined with <c>|</c>), so whole
/// tables compare with <c>Should().Equal(snapshot)</c> and a difference names the field.
/// Times are compared exactly (no rounding): a store that loses precision on restore fails here.
/// </summary>
public sealed record ContactSnapshot(
    long Id,
    string? ExternalId,
    string? Email,
    string? Phone,
    string? PhoneE164,
    string? FirstName,
    string? LastName,
    string? Company,
    string? JobTitle,
    string? City,
    string? Country,
    string? Notes,
    string? Street,
    string? PostalCode,
    string? Region,
    string? Birthday,
    string? Website,
    string Tags,
    string ExtraEmails,
    string ExtraPhones,
    string Custom,
    Guid? ImportedFrom,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version)
{
    public static ContactSnapshot From(StoredContact c)
    {
        var v = c.Values;
        return new ContactSnapshot(
            c.Id, v.ExternalId, v.Email, v.Phone, v.PhoneKey, v.FirstName, v.LastName, v.Company, v.JobTitle, v.City,
            v.Country, v.Notes, v.Street, v.PostalCode, v.Region, v.Birthday, v.Website, string.Join("|", v.Tags), string.Join("|", v.ExtraEmails), string.Join("|", v.ExtraPhones),
            string.Join("|", v.Custom.Select(kv => kv.Key + "=" + kv.Value)), c.ImportedFrom,
            c.CreatedAt.ToUniversalTime(), c.UpdatedAt.ToUniversalTime(), c.Version);
    }
}
