using System.Text.Json.Serialization;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>GET /api/fields</c>: the contact's fields and the mapping choices, from the schema. The UI builds its
/// mapping drop-downs and contact columns from it.</summary>
public static class FieldEndpoints
{
    /// <summary>The schema does not change while the process runs: built once.</summary>
    private static readonly FieldList Fields = new(
        [.. ContactSchema.Fields.Select(f => new FieldInfo(f.Name, f.Label, f.TypeName, f.MaxLength, f.IsKey, f.Searchable))],
        [.. ContactFieldNames.Targets.Select(t => new MappingTarget(t.Name, t.Label))]);

    public static void MapFields(this RouteGroupBuilder api) =>
        api.MapGet("/fields", Get).WithTags("fields");

    private static JsonHttpResult<FieldList> Get() => TypedResults.Json(Fields, FieldJsonContext.Default.FieldList);

    /// <param name="Type">One of <c>text, email, phone, date, url, tags, multiline</c>.</param>
    /// <param name="MaxLength">Characters after normalization (for tags: per tag).</param>
    public sealed record FieldInfo(string Name, string Label, string Type, int MaxLength, bool IsKey, bool Searchable);

    public sealed record MappingTarget(string Name, string Label);

    public sealed record FieldList(IReadOnlyList<FieldInfo> Fields, IReadOnlyList<MappingTarget> MappingTargets);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FieldEndpoints.FieldList))]
internal sealed partial class FieldJsonContext : JsonSerializerContext;
