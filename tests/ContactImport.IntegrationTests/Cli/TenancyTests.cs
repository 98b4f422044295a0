using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary>Every read and write is scoped to the company: another company's contacts and imports are invisible.</summary>
public sealed class TenancyTests
{
    [Theory, BothStores]
    public async Task Contacts_and_imports_of_one_company_are_invisible_to_another(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = db.Csv("email,first_name", "shared@example.com,Shared", "only-a@example.com,OnlyA");

        var a = await TestCli.ImportAsync(db, file, "--company", "acme");
        var b = await TestCli.ImportAsync(db, db.Csv("email,first_name", "shared@example.com,FromB"), "--company", "globex");

        a.Counts.Should().Be(Counts.Of(inserted: 2));
        b.Counts.Should().Be(Counts.Of(inserted: 1), "the same e-mail in another company is not a duplicate");
        (await db.ContactsAsync("acme")).Select(c => c.FirstName).Should().Equal("Shared", "OnlyA");
        (await db.ContactsAsync("globex")).Select(c => c.FirstName).Should().Equal("FromB");
        (await db.ContactsAsync("default")).Should().BeEmpty();

        var historyB = await TestCli.RunAsync(db, "history", "--json", "--company", "globex");
        historyB.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("import_id").GetGuid())
            .Should().Equal(b.ImportId);
        var searchB = await TestCli.RunAsync(db, "contacts", "--json", "--company", "globex", "--search", "only-a");
        searchB.Long("total").Should().Be(0);

        foreach (var verb in new[] { "show", "errors", "rollback" })
        {
            var foreign = await TestCli.RunAsync(db, verb, a.ImportId.ToString(), "--company", "globex", "--json");
            foreign.ExitCode.Should().Be(1, verb);
            foreign.Stderr.Should().StartWith($"error: import {a.ImportId} not found in company 'globex'");
        }

        (await db.ContactsAsync("acme")).Should().HaveCount(2, "the foreign rollback did nothing");
    }

    [Theory, BothStores]
    public async Task Store_reads_are_scoped_to_the_company(StoreKind kind)
    {
        await using var db = await StoreDatabase.CreateAsync(kind);
        var a = await TestCli.ImportAsync(db, db.Csv("email", "a@example.com"), "--company", "acme");
        await using var store = await db.OpenMigratedStoreAsync();
        var acme = await store.EnsureCompanyAsync("acme", CancellationToken.None);
        var globex = await store.EnsureCompanyAsync("globex", CancellationToken.None);
        var contact = (await db.StoredContactsAsync("acme")).Single();

        (await store.Imports.GetAsync(acme, a.ImportId, CancellationToken.None)).Should().NotBeNull();
        (await store.Imports.GetAsync(globex, a.ImportId, CancellationToken.None)).Should().BeNull();
        (await store.Imports.ListAsync(globex, new Storage.ImportQuery(), CancellationToken.None)).Total.Should().Be(0);
        (await store.Contacts.GetAsync(globex, contact.Id, CancellationToken.None)).Should().BeNull();
        (await store.Contacts.ListAsync(globex, null, 1, 50, CancellationToken.None)).Total.Should().Be(0);
        (await store.Contacts.DeleteAsync(globex, contact.Id, CancellationToken.None)).Should().BeFalse();
        (await store.Imports.RollbackAsync(globex, a.ImportId, CancellationToken.None)).ContactsRemoved.Should().Be(0);
        (await store.Contacts.GetAsync(acme, contact.Id, CancellationToken.None)).Should().NotBeNull();
    }
}
