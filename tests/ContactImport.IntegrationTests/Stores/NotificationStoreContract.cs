using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteNotificationStoreTests() : NotificationStoreContract(StoreKind.Sqlite);

public sealed class PostgresNotificationStoreTests() : NotificationStoreContract(StoreKind.Postgres);

/// <summary>The notifications contract: add, list (newest first, per company), mark read, audit.</summary>
public abstract class NotificationStoreContract(StoreKind kind) : StoreContract(kind)
{
    private INotificationStore Notifications => Store.Notifications;

    [Fact]
    public async Task Notifications_list_newest_first_and_only_for_their_company()
    {
        var import = Guid.NewGuid();
        var other = await Store.EnsureCompanyAsync("globex", None);
        var first = await Notifications.AddAsync(Company, import, "import_completed", "Done", "10 rows", None);
        var second = await Notifications.AddAsync(Company, null, "import_failed", "Failed", "no file", None);
        await Notifications.AddAsync(other, null, "import_failed", "Theirs", "-", None);

        var list = await Notifications.ListAsync(Company, unreadOnly: false, None);

        list.Select(n => n.Id).Should().Equal(second, first);
        list[1].Should().Match<NotificationRecord>(n => n.ImportId == import && n.Kind == "import_completed"
            && n.Title == "Done" && n.Body == "10 rows" && n.ReadAt == null);
    }

    [Fact]
    public async Task A_notification_marked_read_leaves_the_unread_list_but_stays_in_the_full_one()
    {
        var id = await Notifications.AddAsync(Company, null, "import_completed", "Done", "-", None);

        (await Notifications.MarkReadAsync(Company, id, None)).Should().BeTrue();

        (await Notifications.ListAsync(Company, unreadOnly: true, None)).Should().BeEmpty();
        (await Notifications.ListAsync(Company, unreadOnly: false, None)).Single().ReadAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_company_cannot_mark_another_companys_notification_read()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        var id = await Notifications.AddAsync(other, null, "import_completed", "Theirs", "-", None);

        (await Notifications.MarkReadAsync(Company, id, None)).Should().BeFalse();
        (await Notifications.ListAsync(other, unreadOnly: true, None)).Should().ContainSingle();
    }

    [Fact]
    public async Task An_audit_entry_is_written_with_who_did_what()
    {
        var import = Guid.NewGuid();

        await Notifications.AuditAsync(Company, "alice", "rollback", import, "because", None);

        var count = await Db.ScalarAsync(
            $"SELECT COUNT(*) FROM audit_log WHERE company_id = {Company} AND user_name = 'alice' AND action = 'rollback' " +
            $"AND import_id = '{import}' AND details = 'because'");
        count.Should().Be(1);
    }
}
