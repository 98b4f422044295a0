using ContactImport.Core.Mapping;

namespace ContactImport.Core.Normalization;

/// <summary>Maximum lengths (UTF-16 characters, measured after normalization). A longer value fails the row.</summary>
public static class FieldLimits
{
    public const int Email = 254;
    public const int Phone = 40;

    /// <summary>First and last name.</summary>
    public const int Name = 100;

    /// <summary>Company, job title, city and country: organization names and titles run longer than person names.</summary>
    public const int Organization = 200;

    public const int Notes = 10_000;
    public const int ExternalId = 200;
    public const int Tag = 50;
    public const int TagCount = 50;

    /// <summary>A custom (unmapped) column's value: same as notes, so one odd column cannot bloat a contact.</summary>
    public const int Custom = 10_000;

    public static int For(ContactField field) => field switch
    {
        ContactField.Email => Email,
        ContactField.Phone => Phone,
        ContactField.FirstName or ContactField.LastName => Name,
        // A full name holds first and last; each part is then checked against Name.
        ContactField.FullName => Organization,
        ContactField.Company or ContactField.JobTitle or ContactField.City or ContactField.Country => Organization,
        ContactField.Notes => Notes,
        ContactField.ExternalId => ExternalId,
        ContactField.Tags => Notes,
        _ => Custom,
    };
}
