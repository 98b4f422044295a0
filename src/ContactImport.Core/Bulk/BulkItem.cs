using System.Text.Json;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Normalization;
using ContactImport.Core.Reading;

namespace ContactImport.Core.Bulk;

/// <summary>One item of a bulk call, read and validated: its contact values (or why they are invalid).</summary>
/// <param name="Row">The values through the importer's own mapper and validation (row number = index + 1).</param>
/// <param name="Clears">Fields given as <c>null</c>: an update clears them.</param>
public sealed record BulkItem(
    int Index, string? Ref, long? Id, int? ExpectedVersion, PreparedRow Row, IReadOnlyCollection<ScalarField>? Clears,
    BulkError? Error)
{
    public ContactValues? Values => Row.Values;
}

/// <summary>
/// Reads an item's JSON object. Reserved members: <c>ref</c>, <c>id</c>, <c>expected_version</c>; every other member
/// is a contact field by its wire name (<c>GET /api/fields</c>), a string (numbers and booleans as written), <c>tags</c>
/// also an array, <c>null</c> to clear. The values then go through <see cref="ContactRowMapper"/> exactly as a file
/// row does, so an item is valid exactly when the same values in a file would be.
/// </summary>
public sealed class BulkItemReader
{
    private static readonly ContactField[] Columns =
        [.. Enum.GetValues<ContactField>().Where(f => f is not (ContactField.Custom or ContactField.Ignore))];

    private readonly ContactRowMapper _mapper;

    /// <param name="strict">Any invalid value fails its item (the bulk API's default); else the import's lenient rule.
    /// Keys are checked by the decider, which knows whether the item names its contact by id.</param>
    public BulkItemReader(string defaultCountry, bool strict = true)
    {
        var map = Columns.Select((f, i) => new ColumnBinding(i, ContactFieldNames.ToName(f), f)).ToArray();
        _mapper = new ContactRowMapper(map, defaultCountry, new ValueRules(Strict: strict, RequireKey: false));
    }

    public BulkItem Read(int index, JsonElement item)
    {
        var row = index + 1L;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Invalid(index, null, null, "an item must be a JSON object");
        }

        string? reference = null;
        long? id = null;
        int? expected = null;
        var cells = new string[Columns.Length];
        List<ScalarField>? clears = null;
        foreach (var member in item.EnumerateObject())
        {
            switch (member.Name)
            {
                case "ref":
                    reference = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : member.Value.GetRawText();
                    continue;
                case "id":
                    if (!member.Value.TryGetInt64(out var given) || given <= 0)
                    {
                        return Invalid(index, reference, "id", "id must be a positive integer");
                    }

                    id = given;
                    continue;
                case "expected_version":
                    if (!member.Value.TryGetInt32(out var version) || version <= 0)
                    {
                        return Invalid(index, reference, "expected_version", "expected_version must be a positive integer");
                    }

                    expected = version;
                    continue;
            }

            if (!ContactFieldNames.TryParse(member.Name, out var field) || field is ContactField.Custom or ContactField.Ignore
                || member.Name != ContactFieldNames.ToName(field))
            {
                return Invalid(index, reference, member.Name,
                    $"unknown field '{member.Name}'; fields: {string.Join(", ", Columns.Select(ContactFieldNames.ToName))}");
            }

            var column = Array.IndexOf(Columns, field);
            switch (member.Value.ValueKind)
            {
                case JsonValueKind.Null:
                    if (field != ContactField.Tags)
                    {
                        clears ??= [];
                        clears.AddRange(field == ContactField.FullName
                            ? [ScalarField.FirstName, ScalarField.LastName]
                            : [ContactFieldNames.ToScalar(field)]);
                    }

                    break;
                case JsonValueKind.String:
                    cells[column] = member.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    cells[column] = member.Value.GetRawText();
                    break;
                case JsonValueKind.Array when field == ContactField.Tags:
                    var tags = new List<string>();
                    foreach (var tag in member.Value.EnumerateArray())
                    {
                        if (tag.ValueKind != JsonValueKind.String)
                        {
                            return Invalid(index, reference, "tags", "tags must be strings");
                        }

                        tags.Add(tag.GetString()!);
                    }

                    cells[column] = string.Join(";", tags);
                    break;
                default:
                    return Invalid(index, reference, member.Name, $"{member.Name} must be a string or null");
            }
        }

        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] ??= "";
            if (OverLimit(Columns[i], cells[i]) is { } limit)
            {
                return new BulkItem(index, reference, id, expected,
                    new PreparedRow(row, row, [], null, new RowError(row, row, limit.Field, null, limit.Message)), clears,
                    new BulkError(BulkErrorCode.LimitExceeded, limit.Message, limit.Field));
            }
        }

        var prepared = _mapper.Prepare(new SourceRow(row, row, cells));
        if (prepared.Error is { } error)
        {
            var name = error.Column is { } header && ContactFieldNames.TryParse(header, out var f)
                ? ContactFieldNames.ToName(f)
                : error.Column;
            return new BulkItem(index, reference, id, expected, prepared, clears,
                new BulkError(BulkErrorCode.ValidationFailed, error.Reason, name));
        }

        return new BulkItem(index, reference, id, expected, prepared, clears, null);
    }

    /// <summary>A value over its field's limit in <see cref="ContactSchema"/> (tags: per tag and their count).</summary>
    private static (string Field, string Message)? OverLimit(ContactField field, string cell)
    {
        if (cell.Length == 0 || ContactSchema.Fields.FirstOrDefault(f => f.Mapping == field) is not { } spec)
        {
            return null;
        }

        if (field != ContactField.Tags)
        {
            var length = cell.Trim().Length;
            return length > spec.MaxLength
                ? (spec.Name, $"{spec.Name} is {length} characters, the limit is {spec.MaxLength}")
                : null;
        }

        var tags = cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.Length > FieldLimits.TagCount)
        {
            return (spec.Name, $"{tags.Length} tags, the limit is {FieldLimits.TagCount}");
        }

        return tags.FirstOrDefault(t => t.Length > spec.MaxLength) is { } tag
            ? (spec.Name, $"tag '{tag[..20]}…' is {tag.Length} characters, the limit is {spec.MaxLength}")
            : null;
    }

    private static BulkItem Invalid(int index, string? reference, string? field, string message) =>
        new(index, reference, null, null,
            new PreparedRow(index + 1L, index + 1L, [], null, new RowError(index + 1L, index + 1L, field, null, message)),
            null, new BulkError(BulkErrorCode.ValidationFailed, message, field));
}
