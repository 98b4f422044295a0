using System.Collections.Frozen;
using System.Collections.Immutable;
using ContactImport.Core.Mapping;

namespace ContactImport.Core.Contacts;

/// <summary>What a field holds; the UI picks its input from it. Wire form: lower case (<c>text</c>, <c>date</c>, …).</summary>
public enum FieldType
{
    Text,
    Email,
    Phone,
    Date,
    Url,
    Tags,
    Multiline,
}

/// <summary>How a text value is cleaned before it is stored.</summary>
public enum TextForm
{
    /// <summary>Trimmed, every run of inner whitespace collapsed to one space.</summary>
    Collapse,

    /// <summary>Trimmed only.</summary>
    Trim,

    /// <summary>Trimmed, line breaks kept (each line collapsed, blank lines dropped).</summary>
    Lines,

    /// <summary>Stored exactly as given.</summary>
    AsGiven,
}

/// <summary>One field of a contact: everything the mapper, the stores, the JSON shapes and the export need to know.</summary>
/// <param name="Name">Wire name (snake_case): JSON property, mapping target, CSV export header.</param>
/// <param name="Label">What a person reads (UI, API field list).</param>
/// <param name="MaxLength">Limit in UTF-16 characters after normalization (for tags: per tag).</param>
/// <param name="Column">The contacts table's column.</param>
/// <param name="IsKey">A match key (external_id, e-mail, phone).</param>
/// <param name="Searchable">Contact search looks into it.</param>
/// <param name="Slot">Its place in <see cref="ContactValues"/>' scalars; null for the list-valued tags.</param>
/// <param name="Mapping">What a file column mapped to it becomes.</param>
public sealed record ContactFieldSpec(
    string Name, string Label, FieldType Type, int MaxLength, string Column, bool IsKey, bool Searchable,
    ScalarField? Slot, ContactField Mapping, TextForm Form = TextForm.Collapse)
{
    /// <summary>A value the import template shows for this field (tags: joined with <c>;</c>).</summary>
    public string Example { get; init; } = "";

    /// <summary>The wire form of <see cref="Type"/>.</summary>
    public string TypeName => Type switch
    {
        FieldType.Email => "email",
        FieldType.Phone => "phone",
        FieldType.Date => "date",
        FieldType.Url => "url",
        FieldType.Tags => "tags",
        FieldType.Multiline => "multiline",
        _ => "text",
    };
}

/// <summary>
/// The contact's fields, defined once. Column lists, COPY orders, reader ordinals, snapshots, JSON shapes, the
/// CSV export, the mapping targets and <c>GET /api/fields</c> are all derived from <see cref="Fields"/>, so adding
/// a field is one line here, one <see cref="ScalarField"/> slot, one <see cref="ContactField"/> and a migration.
/// </summary>
public static class ContactSchema
{
    private const int Name = 100;
    private const int Organization = 200;

    /// <summary>Every field, in the order people read them (API field list, export columns, UI).</summary>
    public static ImmutableArray<ContactFieldSpec> Fields { get; } =
    [
        new("first_name", "First name", FieldType.Text, Name, "first_name", false, true, ScalarField.FirstName, ContactField.FirstName)
            { Example = "Ada" },
        new("last_name", "Last name", FieldType.Text, Name, "last_name", false, true, ScalarField.LastName, ContactField.LastName)
            { Example = "Lovelace" },
        new("email", "E-mail", FieldType.Email, 254, "email", true, true, ScalarField.Email, ContactField.Email)
            { Example = "ada@example.com" },
        new("phone", "Phone", FieldType.Phone, 40, "phone", true, true, ScalarField.Phone, ContactField.Phone)
            { Example = "020 7946 0958" },
        new("company", "Company", FieldType.Text, Organization, "company", false, true, ScalarField.Company, ContactField.Company)
            { Example = "Analytical Engines" },
        new("job_title", "Job title", FieldType.Text, Organization, "job_title", false, false, ScalarField.JobTitle, ContactField.JobTitle)
            { Example = "Mathematician" },
        new("street", "Street", FieldType.Multiline, 300, "street", false, false, ScalarField.Street, ContactField.Street, TextForm.Lines)
            { Example = "12 St James's Square" },
        new("postal_code", "Postal code", FieldType.Text, 20, "postal_code", false, true, ScalarField.PostalCode, ContactField.PostalCode, TextForm.Trim)
            { Example = "SW1Y 4JH" },
        new("city", "City", FieldType.Text, Organization, "city", false, true, ScalarField.City, ContactField.City)
            { Example = "London" },
        new("region", "Region", FieldType.Text, Name, "region", false, true, ScalarField.Region, ContactField.Region)
            { Example = "England" },
        new("country", "Country", FieldType.Text, Organization, "country", false, true, ScalarField.Country, ContactField.Country)
            { Example = "United Kingdom" },
        new("birthday", "Birthday", FieldType.Date, 10, "birthday", false, false, ScalarField.Birthday, ContactField.Birthday)
            { Example = "1815-12-10" },
        new("website", "Website", FieldType.Url, 500, "website", false, false, ScalarField.Website, ContactField.Website, TextForm.Trim)
            { Example = "https://ada.example.com" },
        new("tags", "Tags", FieldType.Tags, 50, "tags", false, false, null, ContactField.Tags)
            { Example = "vip;pioneer" },
        new("notes", "Notes", FieldType.Multiline, 10_000, "notes", false, false, ScalarField.Notes, ContactField.Notes, TextForm.AsGiven)
            { Example = "Met at the conference, 2024" },
        new("external_id", "External ID", FieldType.Text, 200, "external_id", true, true, ScalarField.ExternalId, ContactField.ExternalId, TextForm.Trim)
            { Example = "crm-1" },
    ];

    /// <summary>The single-valued fields, indexed by their <see cref="ScalarField"/> slot.</summary>
    public static ImmutableArray<ContactFieldSpec> Scalars { get; } = BuildScalars();

    private static readonly FrozenDictionary<string, ContactFieldSpec> ByName =
        Fields.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<ContactField, ContactFieldSpec> ByMapping =
        Fields.ToFrozenDictionary(f => f.Mapping);

    public static ContactFieldSpec For(ScalarField slot) => Scalars[(int)slot];

    /// <summary>The field a mapping target fills; null for targets that are no field (full_name, custom, ignore).</summary>
    public static ContactFieldSpec? For(ContactField mapping) => ByMapping.GetValueOrDefault(mapping);

    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ContactFieldSpec? field) =>
        ByName.TryGetValue(name, out field);

    /// <summary>Every slot has exactly one field; checked once, so a field added half-way fails at start-up.</summary>
    private static ImmutableArray<ContactFieldSpec> BuildScalars()
    {
        var slots = Enum.GetValues<ScalarField>();
        var bySlot = new ContactFieldSpec?[slots.Length];
        foreach (var field in Fields)
        {
            if (field.Slot is not { } slot)
            {
                continue;
            }

            if (bySlot[(int)slot] is not null)
            {
                throw new InvalidOperationException($"Two contact fields use the slot {slot}.");
            }

            bySlot[(int)slot] = field;
        }

        for (var i = 0; i < bySlot.Length; i++)
        {
            if (bySlot[i] is null)
            {
                throw new InvalidOperationException($"No contact field uses the slot {(ScalarField)i}.");
            }
        }

        return [.. bySlot!];
    }
}
