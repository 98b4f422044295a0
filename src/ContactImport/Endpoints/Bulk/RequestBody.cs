namespace ContactImport.Endpoints.Bulk;

/// <summary>
/// A bounded request body, read once per request and shared (the idempotency filter hashes it, the endpoint parses
/// it). Null when it is over the limit: the caller answers 413.
/// </summary>
public static class RequestBody
{
    private static readonly object Key = new();

    public static async Task<byte[]?> ReadAsync(HttpContext http, int maxBytes)
    {
        if (http.Items.TryGetValue(Key, out var cached))
        {
            return (byte[]?)cached;
        }

        byte[]? body = null;
        if (http.Request.ContentLength is not > 0 || http.Request.ContentLength <= maxBytes)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    buffer.SetLength(0);
                    break;
                }

                buffer.Write(chunk, 0, read);
            }

            body = read == 0 ? buffer.ToArray() : null;
        }

        http.Items[Key] = body;
        return body;
    }
}
