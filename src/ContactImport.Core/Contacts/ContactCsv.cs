using ContactImport.Core.Reports;

namespace ContactImport.Core.Contacts;

/// <summary>The contacts CSV export: our id, then every field of the schema under its wire name, so the file
/// re-imports onto the same contacts unchanged.</summary>
public static class ContactCsv
{
    public static IReadOnlyList<string> Header { get; } = ["id", .. ContactSchema.Fields.Select(f => f.Name)];

    /// <summary>The import template: every field's wire name (each a mapping target), then one row of the fields'
    /// examples.</summary>
    public static string Template { get; } = BuildTemplate();

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

    private static string BuildTemplate()
    {
        using var csv = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        CsvOut.WriteRow(csv, ContactSchema.Fields.Select(f => f.Name));
        CsvOut.WriteRow(csv, ContactSchema.Fields.Select(f => f.Example));
        return csv.ToString();
    }
}
