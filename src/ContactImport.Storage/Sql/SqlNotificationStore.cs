namespace ContactImport.Storage.Sql;

/// <summary>Notifications and the audit log in portable SQL.</summary>
internal sealed class SqlNotificationStore(SqlDatabase db) : INotificationStore
{
    public async Task<long> AddAsync(long companyId, Guid? importId, string kind, string title, string body,
        CancellationToken cancellationToken) =>
        Convert.ToInt64(await db.ScalarAsync(
            "INSERT INTO notifications (company_id, import_id, kind, title, body, created_at) " +
            "VALUES (@company, @import, @kind, @title, @body, @now) RETURNING id",
            cancellationToken, ("company", companyId), ("import", importId), ("kind", kind), ("title", title),
            ("body", body), ("now", DateTimeOffset.UtcNow)));

    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(long companyId, bool unreadOnly,
        CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = db.Command(connection, null,
            "SELECT id, import_id, kind, title, body, created_at, read_at FROM notifications WHERE company_id = @company" +
            (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY created_at DESC, id DESC LIMIT 200",
            ("company", companyId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<NotificationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : db.ReadGuid(reader, 1),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), db.ReadTime(reader, 5), db.OptionalTime(reader, 6)));
        }

        return list;
    }

    public async Task<bool> MarkReadAsync(long companyId, long id, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "UPDATE notifications SET read_at = COALESCE(read_at, @now) WHERE company_id = @company AND id = @id",
            cancellationToken, ("now", DateTimeOffset.UtcNow), ("company", companyId), ("id", id)) == 1;

    public Task AuditAsync(long companyId, string? userName, string action, Guid? importId, string? details,
        CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO audit_log (company_id, user_name, action, import_id, details, at) " +
            "VALUES (@company, @user, @action, @import, @details, @now)",
            cancellationToken, ("company", companyId), ("user", userName), ("action", action), ("import", importId),
            ("details", details), ("now", DateTimeOffset.UtcNow));
}
