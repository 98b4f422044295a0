using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Core.Bulk;

/// <summary>
/// What <c>update-where</c> writes into every matched contact: scalar fields set (null clears) and tags added.
/// Validated strictly with the import's own mapper (an invalid value refuses the whole request); key fields are
/// refused because one value written into many contacts would collide (e-mail, external id) or merge them (phone).
/// </summary>
public sealed class ContactSet
{
    private ContactSet(IReadOnlyList<(ContactFieldSpec Field, string? Value)> scalars, IReadOnlyList<string> addTags)
    {
        Scalars = scalars;
        AddTags = addTags;
    }

    /// <summary>Normalized values per field, null to clear it.</summary>
    public IReadOnlyList<(ContactFieldSpec Field, string? Value)> Scalars { get; }

    /// <summary>Tags added to each contact (already there, compared case-insensitively: unchanged).</summary>
    public IReadOnlyList<string> AddTags { get; }

    /// <summary>The tags to add as the stored JSON list.</summary>
    public string? AddTagsJson => ContactJson.ListToJson([.. AddTags]);

    /// <summary>Validates <c>set</c> given as wire name → text (tags: one cell, split like an import's).</summary>
    public static ContactSet? Parse(IReadOnlyList<KeyValuePair<string, string?>> values, out string? error)
    {
        if (values.Count == 0)
        {
            error = "set needs at least one field.";
            return null;
        }

        var bindings = new List<ColumnBinding>();
        var cells = new List<string>();
        foreach (var (name, value) in values)
        {
            if (!ContactSchema.TryGet(name, out var field) || !string.Equals(field.Name, name, StringComparison.Ordinal))
            {
                error = $"set.{name} is not a contact field. Fields: {string.Join(", ", Settable)}.";
                return null;
            }

            if (field.IsKey)
            {
                error = $"set.{name}: a match key cannot be set on many contacts at once (they would collide); " +
                        "change it per contact with PATCH /api/contacts/{id}.";
                return null;
            }

            if (field.Type == FieldType.Tags && string.IsNullOrWhiteSpace(value))
            {
                error = "set.tags: give tags to add (update-where never removes tags; bulk/tags does).";
                return null;
            }

            bindings.Add(new ColumnBinding(bindings.Count, name, field.Mapping));
            cells.Add(value ?? "");
        }

        var row = new ContactRowMapper(bindings, "US", ValueRules.StrictRules with { RequireKey = false }).Prepare(new SourceRow(1, 1, [.. cells]));
        if (row.Error is { } failed)
        {
            error = $"set.{failed.Column}: {failed.Reason}.";
            return null;
        }

        var prepared = row.Values!;
        var scalars = new List<(ContactFieldSpec, string?)>();
        var tags = new List<string>();
        foreach (var (name, _) in values)
        {
            var field = ContactSchema.Fields.First(f => f.Name == name);
            if (field.Slot is { } slot)
            {
                scalars.Add((field, prepared[slot]));
            }
            else
            {
                tags.AddRange(prepared.Tags);
            }
        }

        error = null;
        return new ContactSet(scalars, tags);
    }

    /// <summary>The fields <c>set</c> accepts.</summary>
    public static IEnumerable<string> Settable => ContactSchema.Fields.Where(f => !f.IsKey).Select(f => f.Name);
}
