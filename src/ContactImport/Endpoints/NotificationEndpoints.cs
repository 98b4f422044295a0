using System.Security.Claims;
using ContactImport.Imports;
using ContactImport.Server;
using ContactImport.Storage;

namespace ContactImport.Endpoints;

/// <summary><c>/api/notifications</c>: in-app notifications of finished imports and rollbacks.</summary>
public static class NotificationEndpoints
{
    public static void MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("notifications");
        group.MapGet("/", async (ClaimsPrincipal user, Store store, CancellationToken ct, bool unread = false) =>
        {
            var items = await store.Notifications.ListAsync(user.CompanyId(), unread, ct);
            return ImportJson.Response(new ImportJson.NotificationList(
                items.Select(ImportJson.Notification.From), items.Count(n => n.ReadAt is null)));
        });
        group.MapPost("/{id:long}/read", async (long id, ClaimsPrincipal user, Store store, CancellationToken ct) =>
            await store.Notifications.MarkReadAsync(user.CompanyId(), id, ct)
                ? Results.NoContent()
                : ImportEndpoints.Problem(404, $"Notification {id} was not found."));
    }
}
