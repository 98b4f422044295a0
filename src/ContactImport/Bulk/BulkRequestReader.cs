using System.Text.Json;
using ContactImport.Core.Bulk;
using ContactImport.Core.Merging;
using ContactImport.Core.Normalization;

namespace ContactImport.Bulk;

/// <summary>A bulk call read from its JSON body: options and items, or the precise reason it cannot run.</summary>
public sealed record BulkCall(BulkOptions Options, IReadOnlyList<BulkItem> Items);

/// <summary>Why a body cannot run at all (HTTP 400 or 413), as opposed to items that fail one by one.</summary>
public sealed record BulkRequestError(int Status, string Detail);

/// <summary>Reads the bulk request body (at most <see cref="BulkLimits.MaxBytes"/>): options, then every item
/// through <see cref="BulkItemReader"/>.</summary>
public static class BulkRequestReader
{
    private static readonly string[] Members = ["items", "mode", "dry_run", "match_on", "on_match", "strict", "default_country"];

    public static (BulkCall? Call, BulkRequestError? Error) Read(BulkOperation operation, ReadOnlyMemory<byte> body)
    {
        var (document, invalid) = ParseObject(body, "\"items\"");
        if (document is null)
        {
            return (null, invalid);
        }

        using (document)
        {
            var root = document.RootElement;

            foreach (var member in root.EnumerateObject())
            {
                if (!Members.Contains(member.Name))
                {
                    return (null, new BulkRequestError(400, $"Unknown member '{member.Name}'; members: {string.Join(", ", Members)}."));
                }
            }

            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                return (null, new BulkRequestError(400, "\"items\" must be an array of objects."));
            }

            if (items.GetArrayLength() > BulkLimits.MaxItems)
            {
                return (null, new BulkRequestError(413,
                    $"{items.GetArrayLength()} items; a call takes at most {BulkLimits.MaxItems} (use POST /api/contacts/bulk/jobs for more)."));
            }

            var (options, error) = Options(operation, root);
            if (options is null)
            {
                return (null, error);
            }

            var reader = new BulkItemReader(options.DefaultCountry, options.Strict);
            var list = new List<BulkItem>(items.GetArrayLength());
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                list.Add(reader.Read(index++, item));
            }

            return (new BulkCall(options, list), null);
        }
    }

    /// <summary>The body as a JSON document whose root is an object, or the 400 that says why not.</summary>
    internal static (JsonDocument? Document, BulkRequestError? Error) ParseObject(ReadOnlyMemory<byte> body, string expected)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return (null, new BulkRequestError(400, $"The body is not valid JSON: {ex.Message}"));
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, new BulkRequestError(400, $"The body must be a JSON object with {expected}."));
        }

        return (document, null);
    }

    private static (BulkOptions? Options, BulkRequestError? Error) Options(BulkOperation operation, JsonElement root)
    {
        var options = new BulkOptions(operation);
        if (root.TryGetProperty("mode", out var mode))
        {
            if (!BulkNames.TryParse(mode.ValueKind == JsonValueKind.String ? mode.GetString() : null, out BulkMode parsed))
            {
                return Bad("\"mode\" must be \"partial\" or \"atomic\".");
            }

            options = options with { Mode = parsed };
        }

        if (root.TryGetProperty("dry_run", out var dry))
        {
            if (dry.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Bad("\"dry_run\" must be true or false.");
            }

            options = options with { DryRun = dry.GetBoolean() };
        }

        if (root.TryGetProperty("strict", out var strict))
        {
            if (strict.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Bad("\"strict\" must be true or false.");
            }

            options = options with { Strict = strict.GetBoolean() };
        }

        if (root.TryGetProperty("match_on", out var matchOn))
        {
            var keys = new List<KeyKind>();
            foreach (var key in matchOn.ValueKind == JsonValueKind.Array ? matchOn.EnumerateArray() : default)
            {
                if (!BulkNames.TryParse(key.ValueKind == JsonValueKind.String ? key.GetString() : null, out KeyKind kind)
                    || keys.Contains(kind))
                {
                    return Bad("\"match_on\" lists keys among external_id, email, phone, each once.");
                }

                keys.Add(kind);
            }

            if (keys.Count == 0)
            {
                return Bad("\"match_on\" lists keys among external_id, email, phone, each once.");
            }

            options = options with { MatchOn = keys };
        }

        if (root.TryGetProperty("on_match", out var onMatch))
        {
            if (!BulkNames.TryParse(onMatch.ValueKind == JsonValueKind.String ? onMatch.GetString() : null,
                    out DuplicateStrategy strategy))
            {
                return Bad("\"on_match\" must be \"update\", \"merge\" or \"skip\".");
            }

            options = options with { OnMatch = strategy };
        }

        if (root.TryGetProperty("default_country", out var country))
        {
            var code = country.ValueKind == JsonValueKind.String ? country.GetString() : null;
            if (code is null || !Phones.TryGetRegion(code, out _))
            {
                return Bad($"\"default_country\" {country.GetRawText()} is not a country code.");
            }

            options = options with { DefaultCountry = code };
        }

        return (options, null);
    }

    private static (BulkOptions?, BulkRequestError?) Bad(string detail) => (null, new BulkRequestError(400, detail));
}
