using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using ContactImport.Core;
using ContactImport.Core.Bulk;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using static ContactImport.Endpoints.Bulk.BulkWhereJson;

namespace ContactImport.Endpoints.Bulk;

/// <summary><c>GET</c> and <c>DELETE /api/contacts/bulk/change-sets/{id}</c>: a change set, and its undo.</summary>
public static class ChangeSetEndpoints
{
    public static void MapChangeSets(this RouteGroupBuilder bulk)
    {
        bulk.MapGet("/change-sets/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        bulk.MapDelete("/change-sets/{id:guid}", UndoAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal static ChangeSetLinks LinksFor(Guid id) =>
        new($"/api/contacts/bulk/change-sets/{id}", $"/api/contacts/bulk/change-sets/{id}");

    private static async Task<Results<Ok<ChangeSetView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct) =>
        await store.ChangeSets.GetAsync(user.CompanyId(), id, ct) is { } changeSet
            ? TypedResults.Ok(View(changeSet))
            : NotFound(id);

    /// <summary>Restores the before-images; contacts changed since are left alone and listed as conflicts.</summary>
    private static async Task<Results<Ok<ChangeSetView>, ProblemHttpResult>> UndoAsync(Guid id, ClaimsPrincipal user,
        Store store, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        (UndoOutcome Outcome, ChangeSetRecord? ChangeSet) undo;
        using (Telemetry.Source.StartActivity("bulk.change_set.undo"))
        {
            undo = await store.ChangeSets.UndoAsync(user.CompanyId(), id, ct);
        }

        BulkWhereMetrics.Undo(undo.Outcome, undo.ChangeSet, Stopwatch.GetElapsedTime(started));
        return undo.Outcome switch
        {
            UndoOutcome.Undone => TypedResults.Ok(View(undo.ChangeSet!)),
            UndoOutcome.NotUndoable => Problems.Of(StatusCodes.Status409Conflict,
                $"Change set {id} is {undo.ChangeSet!.Status.ToWire()}; only an applied change set can be undone.",
                "The change set cannot be undone"),
            _ => NotFound(id),
        };
    }

    private static ChangeSetView View(ChangeSetRecord c)
    {
        using var request = JsonDocument.Parse(c.Request);
        return new ChangeSetView(c.Id, c.Status.ToWire(), request.RootElement.Clone(), c.Matched, c.Updated, c.Restored,
            c.Conflicts, c.ConflictIds, c.CreatedBy, c.CreatedAt, c.UndoneAt, LinksFor(c.Id));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        Problems.Of(StatusCodes.Status404NotFound, $"Change set {id} was not found.");
}
