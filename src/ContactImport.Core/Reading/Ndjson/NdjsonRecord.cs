using System.Text;
using System.Text.Json;

namespace ContactImport.Core.Reading.Ndjson;

/// <summary>
/// One NDJSON line as key/value text: strings as they are, numbers and booleans as their JSON text, null as
/// empty, an array's items joined with ';' (tags, several e-mails), a nested object as its JSON text.
/// </summary>
internal static class NdjsonRecord
{
    /// <summary>Reads the object's members into <paramref name="members"/>; returns why the line is not a JSON object, or null.</summary>
    public static string? Parse(ReadOnlySpan<byte> line, List<KeyValuePair<string, string>> members)
    {
        members.Clear();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "the line is not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                members.Add(new(key, ValueText(ref reader, line)));
            }

            // Anything after the object's end is an error (the reader throws on it).
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            return "invalid JSON: " + ex.Message;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 cannot become text (NDJSON is UTF-8 by definition).
            return "invalid JSON: a string is not valid UTF-8";
        }
    }

    private static string ValueText(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString()!;
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return string.Empty;
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var item = ValueText(ref reader, line);
                    if (item.Length > 0)
                    {
                        items.Add(item);
                    }
                }

                return string.Join(';', items);
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
        }
    }
}
