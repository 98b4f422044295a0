using ContactImport.Core.Mapping;

namespace ContactImport.Core.Normalization;

/// <summary>Maximum lengths (UTF-16 characters, measured after normalization). A longer value fails the row.
/// The schema (<see cref="Contacts.ContactSchema"/>) holds each field's own limit; these name the shared ones.</summary>
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

    /// <summary>The limit of a mapped cell: the schema's for a scalar field.</summary>
    public static int For(ContactField field) => field switch
    {
        // A full name holds first and last; each part is then checked against Name.
        ContactField.FullName => Organization,
        // The whole tags cell; each tag is then checked against Tag.
        ContactField.Tags => Notes,
        _ => Contacts.ContactSchema.For(field)?.MaxLength ?? Custom,
    };
}
