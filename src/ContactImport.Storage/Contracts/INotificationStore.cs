namespace ContactImport.Storage;

public sealed record NotificationRecord(
    long Id, Guid? ImportId, string Kind, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>In-app notifications of a company and the audit log of who did what.</summary>
public interface INotificationStore
{
    Task<long> AddAsync(long companyId, Guid? importId, string kind, string title, string body,
        CancellationToken cancellationToken);

    /// <summary>The newest 200, newest first.</summary>
    Task<IReadOnlyList<NotificationRecord>> ListAsync(long companyId, bool unreadOnly, CancellationToken cancellationToken);

    Task<bool> MarkReadAsync(long companyId, long id, CancellationToken cancellationToken);

    Task AuditAsync(long companyId, string? userName, string action, Guid? importId, string? details,
        CancellationToken cancellationToken);
}
