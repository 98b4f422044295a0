using System.Collections.Frozen;

namespace ContactImport.Core.Mapping;

/// <summary><see cref="ContactField"/> ↔ its wire name (snake_case, as in <c>--map "Header=first_name"</c> and the API).</summary>
public static class ContactFieldNames
{
    /// <summary>Mapping targets that are no field of the schema: where they go in the list, and their label.</summary>
    private static readonly (ContactField Field, string Name, string Label, string? After)[] Extras =
    [
        (ContactField.FullName, "full_name", "Full name", "last_name"),
        (ContactField.Custom, "custom", "Keep as custom field", null),
        (ContactField.Ignore, "ignore", "Ignore", null),
    ];

    /// <summary>Every mapping target with its label: the schema's fields in order, full name after the last name,
    /// then custom and ignore (the UI's mapping choices).</summary>
    public static IReadOnlyList<(ContactField Field, string Name, string Label)> Targets { get; } = BuildTargets();

    private static readonly (ContactField Field, string Name)[] Pairs = [.. Targets.Select(t => (t.Field, t.Name))];

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
    public static Contacts.ScalarField ToScalar(ContactField field) =>
        Contacts.ContactSchema.For(field)?.Slot
        ?? throw new ArgumentOutOfRangeException(nameof(field), field, "Not a scalar field.");

    private static List<(ContactField, string, string)> BuildTargets()
    {
        var targets = new List<(ContactField, string, string)>();
        foreach (var field in Contacts.ContactSchema.Fields)
        {
            targets.Add((field.Mapping, field.Name, field.Label));
            foreach (var extra in Extras)
            {
                if (extra.After == field.Name)
                {
                    targets.Add((extra.Field, extra.Name, extra.Label));
                }
            }
        }

        foreach (var extra in Extras)
        {
            if (extra.After is null)
            {
                targets.Add((extra.Field, extra.Name, extra.Label));
            }
        }

        return targets;
    }
}
