using System.Collections.Immutable;

namespace ContactImport.Core.Contacts;

/// <summary>How a column holds its value: plain text, or JSON text (jsonb on PostgreSQL).</summary>
public enum ColumnKind
{
    Text,
    JsonList,
    JsonObject,
}

/// <summary>One stored column of a contact's values, with how to read it from and write it into <see cref="ContactValues"/>.</summary>
public sealed class ContactColumn(string name, ColumnKind kind, Func<ContactValues, string?> read, Action<ContactValues, string?> write,
    string? imageKey = null)
{
    public string Name { get; } = name;

    /// <summary>Its key in a before-image (<see cref="ContactJson.SnapshotToJson"/>): the field's wire name.</summary>
    public string ImageKey { get; } = imageKey ?? name;

    public ColumnKind Kind { get; } = kind;

    /// <summary>The column's value: the text, or the JSON text of a list or object (null when empty).</summary>
    public string? Read(ContactValues values) => read(values);

    /// <summary>Puts a stored value back (lists and objects are parsed from their JSON text).</summary>
    public void Write(ContactValues values, string? value) => write(values, value);
}

/// <summary>
/// The contacts table's value columns, in the one order every SQL column list, COPY, parameter list and reader
/// ordinal uses: the scalars by <see cref="ScalarField"/> slot (the phone's key right after the phone), then the
/// list-valued fields, the additional e-mails and phones, and the custom fields. The bookkeeping columns (id,
/// company_id, imported_from, created_at, updated_at, version) belong to the stores.
/// </summary>
public static class ContactColumns
{
    public const string PhoneKey = "phone_e164";

    public static ImmutableArray<ContactColumn> All { get; } = Build();

    /// <summary><see cref="All"/>' names joined with <c>", "</c>.</summary>
    public static string List { get; } = string.Join(", ", All.Select(c => c.Name));

    private static ImmutableArray<ContactColumn> Build()
    {
        var columns = ImmutableArray.CreateBuilder<ContactColumn>();
        foreach (var field in ContactSchema.Scalars)
        {
            var slot = field.Slot!.Value;
            columns.Add(new ContactColumn(field.Column, ColumnKind.Text, v => v[slot], (v, s) => v[slot] = s, field.Name));
            if (slot == ScalarField.Phone)
            {
                // The phone is kept as written; its E.164 form is the match key.
                columns.Add(new ContactColumn(PhoneKey, ColumnKind.Text, v => v.PhoneKey, (v, s) => v.PhoneKey = s, "phone_key"));
            }
        }

        foreach (var field in ContactSchema.Fields)
        {
            if (field.Slot is null)
            {
                // Tags: the only list-valued field today.
                columns.Add(ListColumn(field.Column, v => v.TagsOrNull, v => v.Tags, field.Name));
            }
        }

        columns.Add(ListColumn("extra_emails", v => v.ExtraEmailsOrNull, v => v.ExtraEmails));
        columns.Add(ListColumn("extra_phones", v => v.ExtraPhonesOrNull, v => v.ExtraPhones));
        columns.Add(new ContactColumn("custom_fields", ColumnKind.JsonObject, v => ContactJson.CustomToJson(v.CustomOrNull), (v, s) =>
        {
            v.CustomOrNull?.Clear();
            foreach (var (key, value) in ContactJson.CustomFromJson(s))
            {
                v.Custom[key] = value;
            }
        }, "custom"));
        return columns.ToImmutable();
    }

    /// <param name="read">The list if it was ever made (writing a contact makes no empty one).</param>
    private static ContactColumn ListColumn(string name, Func<ContactValues, List<string>?> read,
        Func<ContactValues, List<string>> write, string? imageKey = null) =>
        new(name, ColumnKind.JsonList, v => ContactJson.ListToJson(read(v)), (v, s) =>
        {
            read(v)?.Clear();
            if (ContactJson.ListFromJson(s) is { Count: > 0 } items)
            {
                write(v).AddRange(items);
            }
        }, imageKey);
}
