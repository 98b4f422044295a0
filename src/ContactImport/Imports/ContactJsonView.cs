using ContactImport.Core.Contacts;

namespace ContactImport.Imports;

/// <summary>A contact as JSON (CLI and API).</summary>
public static class ContactJsonView
{
    public static object From(StoredContact c)
    {
        var v = c.Values;
        return new
        {
            id = c.Id,
            external_id = v.ExternalId,
            first_name = v.FirstName,
            last_name = v.LastName,
            email = v.Email,
            phone = v.Phone,
            phone_e164 = v.PhoneKey,
            company = v.Company,
            job_title = v.JobTitle,
            city = v.City,
            country = v.Country,
            notes = v.Notes,
            tags = v.Tags,
            extra_emails = v.ExtraEmails,
            extra_phones = v.ExtraPhones,
            custom_fields = v.Custom,
            imported_from = c.ImportedFrom,
            created_at = c.CreatedAt,
            updated_at = c.UpdatedAt,
            version = c.Version,
        };
    }
}
