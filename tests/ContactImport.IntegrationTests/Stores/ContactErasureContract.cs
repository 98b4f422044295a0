using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteContactErasureTests() : ContactErasureContract(StoreKind.Sqlite);

public sealed class PostgresContactErasureTests() : ContactErasureContract(StoreKind.Postgres);

/// <summary>Erasure (<see cref="IContactStore.EraseAsync"/>): the person is gone from every table that held them, and
/// nobody else is touched.</summary>
public abstract class ContactErasureContract(StoreKind kind) : StoreContract(kind)
{
    private const string Email = "ada@example.com";
    private const string PhoneAsWritten = "0171 2345678";
    private const string PhoneKey = "+491712345678";

    private long _ada;
    private long _bob;
    private ImportRecord _finished = null!;
    private ImportRecord _queued = null!;

    /// <summary>Ada as a contact (and in the search index), in before-images (hers and one of Bob's), error rows, notifications, a finished
    /// job's payload and held uploads; Carol only in an error row; Ada again in another company.</summary>
    private async Task SeedAsync()
    {
        _ada = await Store.Contacts.CreateAsync(Company,
            new ContactValues { Email = Email, Phone = PhoneAsWritten, PhoneKey = PhoneKey, FirstName = "Ada" }, None);
        _bob = await Store.Contacts.CreateAsync(Company, new ContactValues { Email = "bob@example.com" }, None);
        var other = await Store.EnsureCompanyAsync("globex", None);
        await Store.Contacts.CreateAsync(other, new ContactValues { Email = Email }, None);

        _finished = await NewImportAsync(status: ImportStatus.Completed);
        _queued = await NewImportAsync(status: ImportStatus.Queued);
        await Db.ExecuteAsync(
            "INSERT INTO contact_changes (import_id, company_id, contact_id, before, version_after) VALUES " +
            $"('{_finished.Id}', {Company}, {_ada}, '{{\"email\":\"{Email}\",\"first_name\":\"Ada\"}}', 2), " +
            $"('{_finished.Id}', {Company}, {_bob}, '{{\"email\":\"{Email.ToUpperInvariant()}\"}}', 2), " +
            $"('{_finished.Id}', {Company}, {_bob}, '{{\"email\":\"bob@example.com\"}}', 3)");
        await Store.Imports.AddErrorsAsync(_finished.Id,
        [
            new FailedRow(new RowError(2, 2, "birthday", "soon", "invalid date"), ["Ada", Email.ToUpperInvariant(), "soon"]),
            new FailedRow(new RowError(3, 3, "phone", PhoneAsWritten, "duplicate"), ["Ada L", "", PhoneAsWritten]),
            new FailedRow(new RowError(4, 4, "email", "carol@", "invalid e-mail"), ["Carol", "carol@", ""]),
        ], None);
        await Store.Notifications.AddAsync(Company, _finished.Id, "import_failed", "Import failed",
            $"Error: row 2: {Email} is taken", None);
        await Store.Notifications.AddAsync(Company, _finished.Id, "import_completed", "Import done", "3 rows", None);
        await Store.Jobs.EnqueueAsync("notify", _finished.Id, Company, $"{{\"to\":\"{Email}\"}}", None);
        await Db.ExecuteAsync("UPDATE jobs SET state = 'done'");
        foreach (var import in new[] { _finished, _queued })
        {
            await Store.Uploads.SaveAsync(import.Id, new MemoryStream("Name,E-mail\nAda,ada@example.com\n"u8.ToArray()), None);
        }

        while (await Store.SearchIndex.IndexPendingAsync(100, None) > 0)
        {
        }
    }

    /// <summary>Rows of the company's tables whose text holds <paramref name="needle"/> (any case).</summary>
    private async Task<long> MentionsAsync(string needle)
    {
        var like = $"'%{needle.ToLowerInvariant()}%'";
        long total = 0;
        foreach (var sql in new[]
                 {
                     $"SELECT COUNT(*) FROM contacts WHERE company_id = {Company} AND lower(coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(phone_e164, '')) LIKE {like}",
                     $"SELECT COUNT(*) FROM contact_changes WHERE lower(CAST(before AS TEXT)) LIKE {like}",
                     $"SELECT COUNT(*) FROM import_errors WHERE lower(coalesce(value, '') || ' ' || coalesce(raw, '')) LIKE {like}",
                     $"SELECT COUNT(*) FROM notifications WHERE lower(title || ' ' || body) LIKE {like}",
                     $"SELECT COUNT(*) FROM jobs WHERE lower(coalesce(payload, '')) LIKE {like}",
                     // The search index (another company's Ada is rightly there).
                     $"SELECT COUNT(*) FROM contact_search WHERE {(Kind == StoreKind.Sqlite ? "rowid" : "contact_id")} " +
                     $"NOT IN (SELECT id FROM contacts WHERE company_id <> {Company}) AND lower(body) LIKE {like}",
                 })
        {
            total += await Db.ScalarAsync(sql);
        }

        return total;
    }

    private async Task<bool> HasUploadAsync(ImportRecord import) =>
        await Store.Uploads.ReadAsync(import.Id, Stream.Null, None);

    [Fact]
    public async Task Erasing_by_email_removes_the_person_from_every_table_and_keeps_everyone_else()
    {
        await SeedAsync();
        (await MentionsAsync(Email)).Should().BeGreaterThan(0);

        var report = await Store.Contacts.EraseAsync(Company, new ErasureTarget(Email: Email), None);

        (await MentionsAsync(Email)).Should().Be(0);
        (await MentionsAsync(PhoneAsWritten)).Should().Be(0);
        (await MentionsAsync(PhoneKey)).Should().Be(0);
        report.Should().BeEquivalentTo(new ErasureReport(ContactsErased: 1, BeforeImagesErased: 2, ErrorRowsErased: 2,
            UploadsPurged: 1, UploadsKept: 1, NotificationsErased: 1, JobPayloadsErased: 1));
        (await Store.Contacts.GetAsync(Company, _ada, None)).Should().BeNull();
        (await Store.Contacts.GetAsync(Company, _bob, None)).Should().NotBeNull();
        (await MentionsAsync("carol@")).Should().Be(1, "Carol's error row stays");
        (await MentionsAsync("bob@example.com")).Should().Be(3, "Bob, his index row and his own before-image stay");
        (await Db.ScalarAsync($"SELECT COUNT(*) FROM contacts WHERE email = '{Email}'")).Should().Be(1, "another company's Ada stays");
        (await HasUploadAsync(_finished)).Should().BeFalse();
        (await HasUploadAsync(_queued)).Should().BeTrue("an import that has not run yet still needs its file");
    }

    [Fact]
    public async Task Erasing_by_contact_id_finds_the_persons_keys_from_the_contact()
    {
        await SeedAsync();

        var report = await Store.Contacts.EraseAsync(Company, new ErasureTarget(ContactId: _ada), None);

        report!.ContactsErased.Should().Be(1);
        (await MentionsAsync(Email)).Should().Be(0);
        (await MentionsAsync(PhoneAsWritten)).Should().Be(0);
    }

    [Fact]
    public async Task Erasing_a_contact_of_another_company_finds_nothing_and_erases_nothing()
    {
        await SeedAsync();
        var other = await Store.EnsureCompanyAsync("globex", None);

        (await Store.Contacts.EraseAsync(other, new ErasureTarget(ContactId: _ada), None)).Should().BeNull();

        (await Store.Contacts.GetAsync(Company, _ada, None)).Should().NotBeNull();
        (await HasUploadAsync(_finished)).Should().BeTrue();
    }
}
