using System.Text.Json;
using ContactImport.Core.Bulk;
using ContactImport.Core.Normalization;

namespace ContactImport.Bulk;

/// <summary>A <c>bulk/tags</c> call: <c>{add:[…], remove:[…], mode, dry_run}</c>; entries are numbered add first.</summary>
public sealed record BulkTagCall(BulkMode Mode, bool DryRun, IReadOnlyList<TagEntry> Entries);

/// <summary>Reads a <c>bulk/tags</c> body. An entry is <c>{ref?, contact: id | {id|external_id|email}, tags:[…],
/// expected_version?}</c>.</summary>
public static class BulkTagRequestReader
{
    public static (BulkTagCall? Call, BulkRequestError? Error) Read(ReadOnlyMemory<byte> body)
    {
        var (document, invalid) = BulkRequestReader.ParseObject(body, "\"add\" and/or \"remove\"");
        if (document is null)
        {
            return (null, invalid);
        }

        using (document)
        {
            var root = document.RootElement;

            var mode = BulkMode.Partial;
            var dryRun = false;
            var entries = new List<TagEntry>();
            foreach (var member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "mode" when BulkNames.TryParse(member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null, out BulkMode m):
                        mode = m;
                        break;
                    case "dry_run" when member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        dryRun = member.Value.GetBoolean();
                        break;
                    case "add" or "remove" when member.Value.ValueKind == JsonValueKind.Array:
                        break;
                    default:
                        return (null, new BulkRequestError(400,
                            $"Unexpected member '{member.Name}'; the body is {{add:[…], remove:[…], mode, dry_run}}."));
                }
            }

            foreach (var list in new[] { "add", "remove" })
            {
                if (root.TryGetProperty(list, out var array))
                {
                    foreach (var entry in array.EnumerateArray())
                    {
                        entries.Add(Entry(entries.Count, list == "remove", entry));
                    }
                }
            }

            if (entries.Count > BulkLimits.MaxItems)
            {
                return (null, new BulkRequestError(413, $"{entries.Count} entries; a call takes at most {BulkLimits.MaxItems}."));
            }

            return (new BulkTagCall(mode, dryRun, entries), null);
        }
    }

    private static TagEntry Entry(int index, bool remove, JsonElement entry)
    {
        TagEntry Invalid(string? reference, BulkErrorCode code, string field, string message) =>
            new(index, reference, remove, null, [], null, new BulkError(code, message, field));

        if (entry.ValueKind != JsonValueKind.Object)
        {
            return Invalid(null, BulkErrorCode.ValidationFailed, "contact", "an entry must be a JSON object");
        }

        var reference = entry.TryGetProperty("ref", out var r) ? (r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetRawText()) : null;
        int? expected = null;
        if (entry.TryGetProperty("expected_version", out var ev))
        {
            if (!ev.TryGetInt32(out var version))
            {
                return Invalid(reference, BulkErrorCode.ValidationFailed, "expected_version", "expected_version must be an integer");
            }

            expected = version;
        }

        var contact = entry.TryGetProperty("contact", out var c) ? Contact(c) : null;
        if (contact is null)
        {
            return Invalid(reference, BulkErrorCode.ValidationFailed, "contact",
                "contact must be an id or an object with one of id, external_id, email");
        }

        if (!entry.TryGetProperty("tags", out var t) || t.ValueKind != JsonValueKind.Array
            || t.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
        {
            return Invalid(reference, BulkErrorCode.ValidationFailed, "tags", "tags must be an array of strings");
        }

        var tags = t.EnumerateArray().Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0)
            .DistinctBy(x => x, StringComparer.OrdinalIgnoreCase).ToList();
        if (tags.FirstOrDefault(x => x.Length > FieldLimits.Tag) is { } tooLong)
        {
            return Invalid(reference, BulkErrorCode.LimitExceeded, "tags",
                $"a tag is {tooLong.Length} characters, the limit is {FieldLimits.Tag}");
        }

        return new TagEntry(index, reference, remove, contact, tags, expected, null);
    }

    private static ContactRef? Contact(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var id) ? new ContactRef(id, null, null) : null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (value.TryGetProperty("id", out var i) && i.TryGetInt64(out var byId))
        {
            return new ContactRef(byId, null, null);
        }

        if (value.TryGetProperty("external_id", out var e) && e.ValueKind == JsonValueKind.String)
        {
            return new ContactRef(null, e.GetString()!.Trim(), null);
        }

        return value.TryGetProperty("email", out var m) && m.ValueKind == JsonValueKind.String
            ? new ContactRef(null, null, m.GetString()!.Trim().ToLowerInvariant())
            : null;
    }
}
