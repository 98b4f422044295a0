using ContactImport.Core.Contacts;
using ContactImport.Core.Imports;
using ContactImport.Core.Merging;
using ContactImport.Core.Pipeline;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteReadsDuringImportTests() : ReadsDuringImportContract(StoreKind.Sqlite);

public sealed class PostgresReadsDuringImportTests() : ReadsDuringImportContract(StoreKind.Postgres);

/// <summary>The API's reads take no lock an import holds: they answer while a batch's transaction is open (holding
/// the company's lock, its rows written but not committed) and see only committed data.</summary>
public abstract class ReadsDuringImportContract(StoreKind kind) : StoreContract(kind)
{
    // Not a timing assertion: a read that waits for the batch would wait for as long as the batch stays open.
    private static readonly TimeSpan Blocked = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_search_and_status_answer_while_an_import_batch_is_open(bool singleTransaction)
    {
        var smith = await Store.Contacts.CreateAsync(Company, new ContactValues { Email = "smith@x.test", LastName = "Smith" }, None);
        var import = await NewImportAsync(status: ImportStatus.Running);
        await using var session = await Store.Batches.OpenSessionAsync(Company, singleTransaction, None);
        await using var scope = await session.BeginBatchAsync(None);
        string[] emails = ["held.smith@x.test", "held.jones@x.test"];
        await scope.LookupAsync(new BatchKeys([], emails, []), None);
        var plan = new BatchPlan();
        plan.Inserts.AddRange(emails.Select(e => new ContactValues { Email = e, LastName = "Smith" }));
        plan.Counts = new ImportCounts(emails.Length, 0, 0, 0, 0, 0);
        await scope.WriteAsync(new BatchWrite(import.Id, plan, new ImportCheckpoint(2, plan.Counts, 1), 1, 2, 1,
            DateTimeOffset.UtcNow), None);

        var search = await Store.Contacts.ListAsync(Company, new ContactQuery("smith"), None).WaitAsync(Blocked);
        var list = await Store.Contacts.ListAsync(Company, new ContactQuery(), None).WaitAsync(Blocked);
        var byKey = await Store.Contacts.ListAsync(Company, new ContactQuery("held.smith@x.test"), None).WaitAsync(Blocked);
        var status = await Store.Imports.GetAsync(Company, import.Id, None).WaitAsync(Blocked);

        search.Items.Select(c => c.Id).Should().Equal(smith);
        list.Items.Select(c => c.Id).Should().Equal(smith);
        byKey.Items.Should().BeEmpty("the batch has not committed");
        status!.Status.Should().Be(ImportStatus.Running);
        status.Counts.Inserted.Should().Be(0);
    }
}
