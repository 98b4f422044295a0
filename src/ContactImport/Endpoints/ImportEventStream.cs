using System.Reflection;
using ContactImport.Core.Pipeline;
using ContactImport.Imports;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ContactImport.Endpoints;

/// <summary>
/// An import's event stream: <c>retry:</c> once, then <c>progress</c> events (the status JSON, <c>id:</c> its
/// sequence) until the import is final, then <c>completed</c> with the result.
/// </summary>
internal sealed class ImportEventStream(long? lastEventId, Func<CancellationToken, Task<ImportFollow?>> read,
    ProgressTracker? tracker) : IResult, IEndpointMetadataProvider
{
    /// <summary>How long a client waits before reconnecting after the connection drops.</summary>
    public const int RetryMilliseconds = 2000;

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var ct = httpContext.RequestAborted;
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // Not disposed: the pipeline may still signal it while this request unsubscribes.
        var changed = new SemaphoreSlim(0);
        void OnChanged(ImportProgress _) => changed.Release();
        if (tracker is not null)
        {
            tracker.Changed += OnChanged;
        }

        try
        {
            await WriteAsync(response, $"retry: {RetryMilliseconds}\n\n", ct);
            var sent = lastEventId;
            var lastWrite = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                if (await read(ct) is not { } follow)
                {
                    return;
                }

                // What the client has is not sent again; a second without news repeats it (speed, ETA, keep-alive).
                if (follow.Sequence != sent || DateTime.UtcNow - lastWrite >= Heartbeat)
                {
                    await WriteEventAsync(response, follow.Sequence, "progress", Json(follow.State), ct);
                    sent = follow.Sequence;
                    lastWrite = DateTime.UtcNow;
                }

                if (follow.IsFinal)
                {
                    var result = ImportJson.ToResult(follow.Record);
                    await WriteEventAsync(response, follow.Sequence, "completed", Json(result), ct);
                    return;
                }

                await changed.WaitAsync(TimeSpan.FromMilliseconds(500), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            if (tracker is not null)
            {
                tracker.Changed -= OnChanged;
            }
        }
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ImportJson.ProgressJson),
            ["text/event-stream"]));

    /// <summary>The same JSON as the API's responses (nulls written), so a progress event equals <c>GET …/status</c>.</summary>
    private static string Json<T>(T value) => ContactImport.Core.Contacts.ContactJson.Serialize(value, ImportJson.Http);

    private static Task WriteEventAsync(HttpResponse response, long id, string name, string json, CancellationToken ct) =>
        WriteAsync(response, $"id: {id}\nevent: {name}\ndata: {json}\n\n", ct);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct);
        await response.Body.FlushAsync(ct);
    }
}
