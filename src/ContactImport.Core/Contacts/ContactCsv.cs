namespace ContactImport.Core.Contacts;

/// <summary>The contacts CSV export: our id, then every field of the schema under its wire name, so the file
/// re-imports onto the same contacts unchanged.</summary>
public static class ContactCsv
{
    public static IReadOnlyList<string> Header { get; } = ["id", .. ContactSchema.Fields.Select(f => f.Name)];

    /// <summary>One contact's cells in <see cref="Header"/> order; tags joined with <c>;</c>.</summary>
    public static string?[] Row(StoredContact contact)
    {
        var fields = ContactSchema.Fields;
        var cells = new string?[fields.Length + 1];
        cells[0] = contact.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < fields.Length; i++)
        {
            cells[i + 1] = fields[i].Slot is { } slot ? contact.Values[slot] : string.Join(";", contact.Values.Tags);
        }

        return cells;
    }
}
