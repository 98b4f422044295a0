using System.Net;
using System.Text.Json;

namespace ContactImport.IntegrationTests.Service;

/// <summary>One Server-Sent Event: its <c>event:</c> name, parsed <c>data:</c> and <c>id:</c>.</summary>
public sealed record SseEvent(string Name, JsonElement Data, string? Id = null);

/// <summary>What one connection to an event stream gave: the status, the <c>retry:</c> advice and the events.</summary>
public sealed record SseResponse(HttpStatusCode Status, int? Retry, List<SseEvent> Events);

public static class Sse
{
    /// <summary>
    /// Follows an event stream until a <c>completed</c> event (or the server closes it); returns every event.
    /// </summary>
    public static async Task<List<SseEvent>> ReadUntilCompletedAsync(HttpClient client, string path, TimeSpan timeout)
    {
        var response = await ReadAsync(client, path, timeout);
        if (response.Status != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.Status}", null, response.Status);
        }

        return response.Events;
    }

    /// <summary>
    /// Reads an event stream until <c>completed</c>, <paramref name="maxEvents"/> events, or the server closes it.
    /// </summary>
    public static async Task<SseResponse> ReadAsync(HttpClient client, string path, TimeSpan timeout,
        string? lastEventId = null, int maxEvents = int.MaxValue)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cts.Token)}", null,
                response.StatusCode);
        }

        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return new SseResponse(response.StatusCode, null, []);
        }

        response.Content.Headers.ContentType?.MediaType.Should().Be("text/event-stream");
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var reader = new StreamReader(stream);
        var events = new List<SseEvent>();
        int? retry = null;
        string? name = null;
        string? id = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    var parsed = JsonDocument.Parse(string.Join("\n", data)).RootElement.Clone();
                    events.Add(new SseEvent(name ?? "message", parsed, id));
                    if (name == "completed" || events.Count >= maxEvents)
                    {
                        break;
                    }
                }

                name = null;
                id = null;
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
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line["id:".Length..].Trim();
            }
            else if (line.StartsWith("retry:", StringComparison.Ordinal))
            {
                retry = int.Parse(line["retry:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new SseResponse(response.StatusCode, retry, events);
    }
}
