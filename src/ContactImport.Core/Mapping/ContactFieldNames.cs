using System.Collections.Frozen;

namespace ContactImport.Core.Mapping;

/// <summary><see cref="ContactField"/> ↔ its wire name (snake_case, as in <c>--map "Header=first_name"</c> and the API).</summary>
public static class ContactFieldNames
{
    private static readonly (ContactField Field, string Name)[] Pairs =
    [
        (ContactField.FirstName, "first_name"),
        (ContactField.LastName, "last_name"),
        (ContactField.FullName, "full_name"),
        (ContactField.Email, "email"),
        (ContactField.Phone, "phone"),
        (ContactField.Company, "company"),
        (ContactField.JobTitle, "job_title"),
        (ContactField.City, "city"),
        (ContactField.Country, "country"),
        (ContactField.Tags, "tags"),
        (ContactField.Notes, "notes"),
        (ContactField.ExternalId, "external_id"),
        (ContactField.Custom, "custom"),
        (ContactField.Ignore, "ignore"),
    ];

    private static readonly FrozenDictionary<string, ContactField> ByName =
        Pairs.ToFrozenDictionary(p => p.Name, p => p.Field, StringComparer.OrdinalIgnoreCase);

    /// <summary>All wire names, in a stable order (for help texts and error messages).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Pairs.Select(p => p.Name)];

    public static string ToName(ContactField field)
    {
        foreach (var (f, name) in Pairs)
        {
            if (f == field)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown contact field.");
    }

    /// <summary>Parses a wire name; also accepts the enum spelling (<c>FirstName</c>) and a hyphen or space for the underscore.</summary>
    public static bool TryParse(string? name, out ContactField field)
    {
        field = ContactField.Custom;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var key = name.Trim();
        if (ByName.TryGetValue(key, out field))
        {
            return true;
        }

        key = key.Replace('-', '_').Replace(' ', '_');
        if (ByName.TryGetValue(key, out field))
        {
            return true;
        }

        foreach (var (f, _) in Pairs)
        {
            if (string.Equals(f.ToString(), key.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
            {
                field = f;
                return true;
            }
        }

        return false;
    }

    /// <exception cref="ArgumentException">Not a known field name.</exception>
    public static ContactField Parse(string name) =>
        TryParse(name, out var field)
            ? field
            : throw new ArgumentException($"Unknown field '{name}'; expected one of: {string.Join(", ", All)}.", nameof(name));

    /// <summary>The contact scalar a single-valued field fills.</summary>
    public static Contacts.ScalarField ToScalar(ContactField field) => field switch
    {
        ContactField.FirstName => Contacts.ScalarField.FirstName,
        ContactField.LastName => Contacts.ScalarField.LastName,
        ContactField.Email => Contacts.ScalarField.Email,
        ContactField.Company => Contacts.ScalarField.Company,
        ContactField.JobTitle => Contacts.ScalarField.JobTitle,
        ContactField.City => Contacts.ScalarField.City,
        ContactField.Country => Contacts.ScalarField.Country,
        ContactField.Notes => Contacts.ScalarField.Notes,
        ContactField.ExternalId => Contacts.ScalarField.ExternalId,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a scalar field."),
    };
}
