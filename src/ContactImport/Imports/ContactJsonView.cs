using System.Text.Json;
using System.Text.Json.Serialization;
using ContactImport.Core.Contacts;

namespace ContactImport.Imports;

/// <summary>
/// A contact as JSON (CLI and API): <c>id</c>, every field of <see cref="ContactSchema"/> by its wire name (with
/// <c>phone_e164</c> after <c>phone</c>), <c>extra_emails</c>, <c>extra_phones</c>, <c>custom_fields</c> and the
/// bookkeeping. Written from the schema, so a new field appears here without an edit.
/// </summary>
[JsonConverter(typeof(ContactJsonViewConverter))]
public sealed class ContactJsonView(StoredContact contact)
{
    public StoredContact Contact { get; } = contact;

    public static ContactJsonView From(StoredContact c) => new(c);
}

/// <summary>Writes <see cref="ContactJsonView"/>; nulls follow the options (the API writes them, the CLI leaves them out).</summary>
public sealed class ContactJsonViewConverter : JsonConverter<ContactJsonView>
{
    public override ContactJsonView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A contact view is only written.");

    public override void Write(Utf8JsonWriter writer, ContactJsonView value, JsonSerializerOptions options)
    {
        var c = value.Contact;
        var writeNulls = options.DefaultIgnoreCondition != JsonIgnoreCondition.WhenWritingNull;
        writer.WriteStartObject();
        writer.WriteNumber("id", c.Id);
        ContactJson.WriteFields(writer, c.Values, writeNulls, "phone_e164");
        ContactJson.WriteCustom(writer, "custom_fields", c.Values.Custom);
        if (c.ImportedFrom is { } importedFrom)
        {
            writer.WriteString("imported_from", importedFrom);
        }
        else if (writeNulls)
        {
            writer.WriteNull("imported_from");
        }

        writer.WriteString("created_at", c.CreatedAt);
        writer.WriteString("updated_at", c.UpdatedAt);
        writer.WriteNumber("version", c.Version);
        writer.WriteEndObject();
    }
}
