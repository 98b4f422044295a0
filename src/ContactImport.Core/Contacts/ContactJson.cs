using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;

namespace ContactImport.Core.Contacts;

/// <summary>JSON forms shared by both stores (custom fields, tag lists, before-images).</summary>
public static class ContactJson
{
    /// <summary>
    /// snake_case, nulls left out. Types resolve through source-generated contexts only (this assembly's, plus
    /// the ones <see cref="With"/> adds), never reflection: the product ships as a Native AOT binary.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter<DuplicateStrategy>(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = CoreJsonContext.Default,
    };

    /// <summary>A copy of <paramref name="options"/> that also resolves the types of <paramref name="context"/>.</summary>
    public static JsonSerializerOptions With(JsonSerializerOptions options, IJsonTypeInfoResolver context) =>
        new(options) { TypeInfoResolver = JsonTypeInfoResolver.Combine(context, options.TypeInfoResolver) };

    public static string Serialize<T>(T value, JsonSerializerOptions? options = null) =>
        JsonSerializer.Serialize(value, TypeInfo<T>(options ?? Options));

    public static T? Deserialize<T>(string json, JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>(options ?? Options));

    /// <summary>The generated contract of <typeparamref name="T"/>; throws if no context of the options has it.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    public static string? ListToJson(List<string>? values) =>
        values is null or { Count: 0 } ? null : Serialize(values);

    public static List<string> ListFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : Deserialize<List<string>>(json) ?? [];

    public static string? CustomToJson(SortedDictionary<string, string>? custom) =>
        custom is null or { Count: 0 } ? null : Serialize(custom);

    public static SortedDictionary<string, string> CustomFromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(
                Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);

    /// <summary>
    /// Writes every field of the schema by its wire name (tags as an array; the phone's key right after the phone,
    /// named <paramref name="phoneKeyName"/>), then the additional e-mails and phones. Nulls are written only when
    /// <paramref name="writeNulls"/>, so a reader always finds every field.
    /// </summary>
    public static void WriteFields(Utf8JsonWriter writer, ContactValues values, bool writeNulls, string phoneKeyName)
    {
        foreach (var field in ContactSchema.Fields)
        {
            if (field.Slot is not { } slot)
            {
                WriteList(writer, field.Name, values.TagsOrNull);
                continue;
            }

            WriteText(writer, field.Name, values[slot], writeNulls);
            if (slot == ScalarField.Phone)
            {
                WriteText(writer, phoneKeyName, values.PhoneKey, writeNulls);
            }
        }

        WriteList(writer, "extra_emails", values.ExtraEmailsOrNull);
        WriteList(writer, "extra_phones", values.ExtraPhonesOrNull);
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value, bool writeNulls)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
        else if (writeNulls)
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, List<string>? values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a custom-fields object (header → value).</summary>
    public static void WriteCustom(Utf8JsonWriter writer, string name, SortedDictionary<string, string>? custom)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in custom ?? [])
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Marks a before-image that holds only the columns its update changed (<see cref="ChangeImageToJson"/>).</summary>
    public const string PartialImageKey = "partial";

    /// <summary>
    /// A full snapshot of a stored contact, kept in the change log as its before-image: every schema field by its
    /// wire name plus <c>phone_key</c>, <c>custom</c> and the bookkeeping (times as Unix milliseconds).
    /// </summary>
    public static string SnapshotToJson(StoredContact contact) => Image(contact, changedTo: null);

    /// <summary>
    /// A before-image of only what an update to <paramref name="after"/> changes, marked <see cref="PartialImageKey"/>:
    /// each changed column as in a snapshot (a null as JSON null), plus the bookkeeping. A column it does not name
    /// was left as it was. An update re-import changes a few columns of a contact, so this is a third of a snapshot.
    /// </summary>
    public static string ChangeImageToJson(StoredContact before, ContactValues after) => Image(before, after);

    private static string Image(StoredContact contact, ContactValues? changedTo)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Options.Encoder }))
        {
            var v = contact.Values;
            writer.WriteStartObject();
            if (changedTo is null)
            {
                WriteFields(writer, v, writeNulls: false, "phone_key");
                WriteCustom(writer, "custom", v.CustomOrNull);
            }
            else
            {
                writer.WriteBoolean(PartialImageKey, true);
                WriteChangedColumns(writer, v, changedTo);
            }

            if (contact.ImportedFrom is { } importedFrom)
            {
                writer.WriteString("imported_from", importedFrom);
            }

            writer.WriteNumber("created_at", contact.CreatedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("updated_at", contact.UpdatedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("version", contact.Version);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Compared as stored (text, or the JSON text of a list or object): what the update writes differs.</summary>
    private static void WriteChangedColumns(Utf8JsonWriter writer, ContactValues before, ContactValues after)
    {
        foreach (var column in ContactColumns.All)
        {
            var was = column.Read(before);
            if (string.Equals(was, column.Read(after), StringComparison.Ordinal))
            {
                continue;
            }

            writer.WritePropertyName(column.ImageKey);
            switch (column.Kind)
            {
                case ColumnKind.Text when was is null:
                    writer.WriteNullValue();
                    break;
                case ColumnKind.Text:
                    writer.WriteStringValue(was);
                    break;
                default:
                    // Empty as [] and {}, as a snapshot writes them (the restore reads those as NULL).
                    writer.WriteRawValue(was ?? (column.Kind == ColumnKind.JsonList ? "[]" : "{}"), skipInputValidation: true);
                    break;
            }
        }
    }

    /// <summary>Reads a before-image. A field the snapshot does not name (written before the field existed) stays empty.</summary>
    public static StoredContact SnapshotFromJson(long id, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("Empty before-image.");
        }

        var values = new ContactValues();
        Guid? importedFrom = null;
        long createdAt = 0, updatedAt = 0;
        var version = 0;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (ContactSchema.TryGet(property.Name, out var field) && field.Slot is { } slot)
            {
                values[slot] = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                continue;
            }

            switch (property.Name)
            {
                case "phone_key":
                    values.PhoneKey = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    break;
                case "tags":
                    ReadList(value, values.Tags);
                    break;
                case "extra_emails":
                    ReadList(value, values.ExtraEmails);
                    break;
                case "extra_phones":
                    ReadList(value, values.ExtraPhones);
                    break;
                case "custom" when value.ValueKind == JsonValueKind.Object:
                    foreach (var entry in value.EnumerateObject())
                    {
                        values.Custom[entry.Name] = entry.Value.GetString() ?? "";
                    }

                    break;
                case "imported_from" when value.ValueKind == JsonValueKind.String:
                    importedFrom = value.GetGuid();
                    break;
                case "created_at":
                    createdAt = value.GetInt64();
                    break;
                case "updated_at":
                    updatedAt = value.GetInt64();
                    break;
                case "version":
                    version = value.GetInt32();
                    break;
            }
        }

        return new StoredContact(
            id, values, importedFrom, DateTimeOffset.FromUnixTimeMilliseconds(createdAt),
            DateTimeOffset.FromUnixTimeMilliseconds(updatedAt), version);
    }

    private static void ReadList(JsonElement array, List<string> into)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.GetString() is { } text)
            {
                into.Add(text);
            }
        }
    }
}

/// <summary>The contracts of the JSON this assembly writes and reads, generated at build time.</summary>
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(ImportOptions))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
