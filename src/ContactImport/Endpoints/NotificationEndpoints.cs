using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ContactImport.Endpoints;

/// <summary><c>/api/notifications</c>: in-app notifications of finished imports and rollbacks.</summary>
public static class NotificationEndpoints
{
    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("notifications");
        group.MapGet("/", ListAsync);
        group.MapPost("/{id:long}/read", MarkReadAsync).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ImportJson.NotificationList>> ListAsync(ClaimsPrincipal user, IContactStore store,
        CancellationToken ct, bool unread = false)
    {
        var items = await store.ListNotificationsAsync(user.CompanyId(), unread, ct);
        return TypedResults.Ok(new ImportJson.NotificationList(
            items.Select(ImportJson.Notification.From), items.Count(n => n.ReadAt is null)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(long id, ClaimsPrincipal user,
        IContactStore store, CancellationToken ct) =>
        await store.MarkNotificationReadAsync(user.CompanyId(), id, ct)
            ? TypedResults.NoContent()
            : Problems.Of(404, $"Notification {id} was not found.");
}
