using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactImport.Core.Contacts;

/// <summary>JSON forms shared by both stores (custom fields, tag lists, before-images).</summary>
public static class ContactJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string? ListToJson(List<string> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(values, Options);

    public static List<string> ListFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Options) ?? [];

    public static string? CustomToJson(SortedDictionary<string, string> custom) =>
        custom.Count == 0 ? null : JsonSerializer.Serialize(custom, Options);

    public static SortedDictionary<string, string> CustomFromJson(string? json) =>
        string.IsNullOrEmpty(json)
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(
                JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options) ?? [], StringComparer.Ordinal);

    /// <summary>A full snapshot of a stored contact, kept in the change log as its before-image.</summary>
    public static string SnapshotToJson(StoredContact contact)
    {
        var v = contact.Values;
        var snapshot = new Snapshot(
            v.ExternalId, v.Email, v.Phone, v.PhoneKey, v.FirstName, v.LastName, v.Company, v.JobTitle, v.City,
            v.Country, v.Notes, v.Tags, v.ExtraEmails, v.ExtraPhones, new Dictionary<string, string>(v.Custom),
            contact.ImportedFrom, contact.CreatedAt.ToUnixTimeMilliseconds(), contact.UpdatedAt.ToUnixTimeMilliseconds(),
            contact.Version);
        return JsonSerializer.Serialize(snapshot, Options);
    }

    public static StoredContact SnapshotFromJson(long id, string json)
    {
        var s = JsonSerializer.Deserialize<Snapshot>(json, Options)
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

    private sealed record Snapshot(
        string? ExternalId, string? Email, string? Phone, string? PhoneKey, string? FirstName, string? LastName,
        string? Company, string? JobTitle, string? City, string? Country, string? Notes,
        List<string>? Tags, List<string>? ExtraEmails, List<string>? ExtraPhones, Dictionary<string, string>? Custom,
        Guid? ImportedFrom, long CreatedAt, long UpdatedAt, int Version);
}
