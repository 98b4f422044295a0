using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using ContactImport.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace ContactImport.Endpoints;

/// <summary>Following an import: <c>GET …/events</c> (Server-Sent Events) and its polling fallback <c>GET …/status</c>.</summary>
public static class ImportEventEndpoints
{
    public static void MapEvents(this RouteGroupBuilder imports)
    {
        imports.MapGet("/{id:guid}/status", StatusAsync).ProducesProblem(StatusCodes.Status404NotFound);
        imports.MapGet("/{id:guid}/events", EventsAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ImportJson.ProgressJson>, ProblemHttpResult>> StatusAsync(Guid id,
        ClaimsPrincipal user, IContactStore store, ProgressHub hub, CancellationToken ct) =>
        await ImportFollow.ReadAsync(store, hub, user.CompanyId(), id, ct) is { } follow
            ? TypedResults.Ok(follow.State)
            : Problems.ImportNotFound(id);

    /// <summary>
    /// <c>progress</c> on every change and at least once a second, then <c>completed</c> with the result. A reconnect
    /// with <c>Last-Event-ID</c> gets the current state at once unless it already has it; one that already has the
    /// final event gets 204, which tells an EventSource to stop reconnecting.
    /// </summary>
    private static async Task<Results<ImportEventStream, NoContent, ProblemHttpResult>> EventsAsync(Guid id,
        HttpRequest request, ClaimsPrincipal user, IContactStore store, ProgressHub hub, CancellationToken ct,
        long? last_event_id = null)
    {
        var follow = await ImportFollow.ReadAsync(store, hub, user.CompanyId(), id, ct);
        if (follow is null)
        {
            return Problems.ImportNotFound(id);
        }

        var lastEventId = LastEventId(request.Headers["Last-Event-ID"]) ?? last_event_id;
        if (follow.IsFinal && follow.Sequence == lastEventId)
        {
            return TypedResults.NoContent();
        }

        return new ImportEventStream(lastEventId, token => ImportFollow.ReadAsync(store, hub, user.CompanyId(), id, token),
            hub.Find(id));
    }

    private static long? LastEventId(StringValues header) =>
        long.TryParse(header.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
            out var id) ? id : null;
}
