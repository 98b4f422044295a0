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

    public static string? ListToJson(List<string> values) =>
        values.Count == 0 ? null : Serialize(values);

    public static List<string> ListFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : Deserialize<List<string>>(json) ?? [];

    public static string? CustomToJson(SortedDictionary<string, string> custom) =>
        custom.Count == 0 ? null : Serialize(custom);

    public static SortedDictionary<string, string> CustomFromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(
                Deserialize<Dictionary<string, string>>(json) ?? [], StringComparer.Ordinal);

    /// <summary>A full snapshot of a stored contact, kept in the change log as its before-image.</summary>
    public static string SnapshotToJson(StoredContact contact)
    {
        var v = contact.Values;
        var snapshot = new Snapshot(
            v.ExternalId, v.Email, v.Phone, v.PhoneKey, v.FirstName, v.LastName, v.Company, v.JobTitle, v.City,
            v.Country, v.Notes, v.Tags, v.ExtraEmails, v.ExtraPhones, new Dictionary<string, string>(v.Custom),
            contact.ImportedFrom, contact.CreatedAt.ToUnixTimeMilliseconds(), contact.UpdatedAt.ToUnixTimeMilliseconds(),
            contact.Version);
        return Serialize(snapshot);
    }

    public static StoredContact SnapshotFromJson(long id, string json)
    {
        var s = Deserialize<Snapshot>(json)
            ?? throw new InvalidOperationException("Empty before-image.");
        var values = new ContactValues
        {
            ExternalId = s.ExternalId,
            Email = s.Email,
            Phone = s.Phone,
            PhoneKey = s.PhoneKey,
            FirstName = s.FirstName,
            LastName = s.LastName,
            Company = s.Company,
            JobTitle = s.JobTitle,
            City = s.City,
            Country = s.Country,
            Notes = s.Notes,
            Tags = s.Tags ?? [],
            ExtraEmails = s.ExtraEmails ?? [],
            ExtraPhones = s.ExtraPhones ?? [],
            Custom = new SortedDictionary<string, string>(s.Custom ?? [], StringComparer.Ordinal),
        };
        return new StoredContact(
            id, values, s.ImportedFrom, DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(s.UpdatedAt), s.Version);
    }

    internal sealed record Snapshot(
        string? ExternalId, string? Email, string? Phone, string? PhoneKey, string? FirstName, string? LastName,
        string? Company, string? JobTitle, string? City, string? Country, string? Notes,
        List<string>? Tags, List<string>? ExtraEmails, List<string>? ExtraPhones, Dictionary<string, string>? Custom,
        Guid? ImportedFrom, long CreatedAt, long UpdatedAt, int Version);
}

/// <summary>The contracts of the JSON this assembly writes and reads, generated at build time.</summary>
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(ContactJson.Snapshot))]
[JsonSerializable(typeof(ImportOptions))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
