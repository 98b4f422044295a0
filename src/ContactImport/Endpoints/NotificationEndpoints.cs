using System.Security.Claims;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Endpoints;

/// <summary><c>/api/notifications</c>: in-app notifications of finished imports and rollbacks.</summary>
public static class NotificationEndpoints
{
    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("notifications");
        group.MapGet("/", async (ClaimsPrincipal user, IContactStore store, CancellationToken ct, bool unread = false) =>
        {
            var items = await store.ListNotificationsAsync(user.CompanyId(), unread, ct);
            return Results.Json(new
            {
                items = items.Select(n => new
                {
                    id = n.Id, import_id = n.ImportId, kind = n.Kind, title = n.Title, body = n.Body,
                    created_at = n.CreatedAt, read_at = n.ReadAt, read = n.ReadAt is not null,
                }),
                unread = items.Count(n => n.ReadAt is null),
            });
        });
        group.MapPost("/{id:long}/read", async (long id, ClaimsPrincipal user, IContactStore store, CancellationToken ct) =>
            await store.MarkNotificationReadAsync(user.CompanyId(), id, ct)
                ? Results.NoContent()
                : ImportEndpoints.Problem(404, $"Notification {id} was not found."));
    }
}
