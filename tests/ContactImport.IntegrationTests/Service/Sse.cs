using System.Text.Json;

namespace ContactImport.IntegrationTests.Service;

/// <summary>One Server-Sent Event: its <c>event:</c> name and parsed <c>data:</c>.</summary>
public sealed record SseEvent(string Name, JsonElement Data);

public static class Sse
{
    /// <summary>
    /// Follows an event stream until a <c>completed</c> event (or the server closes it); returns every event.
    /// </summary>
    public static async Task<List<SseEvent>> ReadUntilCompletedAsync(HttpClient client, string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cts.Token)}", null,
                response.StatusCode);
        }

        response.Content.Headers.ContentType?.MediaType.Should().Be("text/event-stream");
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);
        var events = new List<SseEvent>();
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    var parsed = JsonDocument.Parse(string.Join("\n", data)).RootElement.Clone();
                    events.Add(new SseEvent(name ?? "message", parsed));
                    if (name == "completed")
                    {
                        return events;
                    }
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }

        return events;
    }
}
