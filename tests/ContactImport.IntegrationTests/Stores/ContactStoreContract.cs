using ContactImport.Core.Contacts;
using ContactImport.Core.Merging;
using ContactImport.IntegrationTests.Infrastructure;
using ContactImport.Storage;

namespace ContactImport.IntegrationTests.Stores;

public sealed class SqliteContactStoreTests() : ContactStoreContract(StoreKind.Sqlite);

public sealed class PostgresContactStoreTests() : ContactStoreContract(StoreKind.Postgres);

/// <summary>The contacts contract: create, get, update, delete, list and search, stream.</summary>
public abstract class ContactStoreContract(StoreKind kind) : StoreContract(kind)
{
    private IContactStore Contacts => Store.Contacts;

    [Fact]
    public async Task A_created_contact_reads_back_with_its_values_at_version_one()
    {
        var values = new ContactValues
        {
            Email = "ada@example.com", FirstName = "Ada", LastName = "Lovelace", Company = "Engines", Tags = ["vip", "uk"],
            ExtraEmails = ["ada@work.test"], Custom = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["shoe"] = "38" },
        };

        var id = await Contacts.CreateAsync(Company, values, None);

        var stored = (await Contacts.GetAsync(Company, id, None))!;
        ContactSnapshot.From(stored).Should().BeEquivalentTo(ContactSnapshot.From(new StoredContact(
            id, values, null, stored.CreatedAt, stored.UpdatedAt, 1)));
        stored.Version.Should().Be(1);
        stored.ImportedFrom.Should().BeNull();
    }

    [Fact]
    public async Task Another_company_cannot_get_update_or_delete_a_contact()
    {
        var id = await Contacts.CreateAsync(Company, new ContactValues { Email = "a@x.test" }, None);
        var other = await Store.EnsureCompanyAsync("globex", None);

        (await Contacts.GetAsync(other, id, None)).Should().BeNull();
        (await Contacts.UpdateAsync(other, id, new ContactValues { Email = "b@x.test" }, None)).Should().BeNull();
        (await Contacts.DeleteAsync(other, id, None)).Should().BeFalse();
        (await Contacts.GetAsync(Company, id, None))!.Values.Email.Should().Be("a@x.test");
    }

    [Fact]
    public async Task An_update_replaces_the_values_and_bumps_the_version()
    {
        var id = await Contacts.CreateAsync(Company, new ContactValues { Email = "a@x.test", City = "Paris" }, None);

        var updated = await Contacts.UpdateAsync(Company, id, new ContactValues { Email = "a@x.test", FirstName = "Ann" }, None);

        updated!.Version.Should().Be(2);
        updated.Values.FirstName.Should().Be("Ann");
        updated.Values.City.Should().BeNull("an update replaces every value");
        (await Contacts.GetAsync(Company, id, None)).Should().BeEquivalentTo(updated);
    }

    [Fact]
    public async Task Updating_a_contact_that_does_not_exist_returns_null()
    {
        (await Contacts.UpdateAsync(Company, 424242, new ContactValues { Email = "a@x.test" }, None)).Should().BeNull();
    }

    [Fact]
    public async Task A_deleted_contact_is_gone_and_deleting_it_again_returns_false()
    {
        var id = await Contacts.CreateAsync(Company, new ContactValues { Email = "a@x.test" }, None);

        (await Contacts.DeleteAsync(Company, id, None)).Should().BeTrue();

        (await Contacts.GetAsync(Company, id, None)).Should().BeNull();
        (await Contacts.DeleteAsync(Company, id, None)).Should().BeFalse();
    }

    [Fact]
    public async Task The_list_searches_case_insensitively_and_pages_in_id_order()
    {
        var ids = new List<long>();
        foreach (var (email, last) in new[] { ("a@x.test", "Smith"), ("b@x.test", "SMITHSON"), ("c@x.test", "Jones") })
        {
            ids.Add(await Contacts.CreateAsync(Company, new ContactValues { Email = email, LastName = last }, None));
        }

        var smiths = await Contacts.ListAsync(Company, "smith", 1, 10, None);
        var page2 = await Contacts.ListAsync(Company, null, 2, 2, None);
        var byEmail = await Contacts.ListAsync(Company, "C@X", 1, 10, None);

        smiths.Items.Select(c => c.Id).Should().Equal(ids[0], ids[1]);
        smiths.Total.Should().Be(2);
        page2.Items.Select(c => c.Id).Should().Equal(ids[2]);
        page2.Total.Should().Be(3);
        byEmail.Items.Select(c => c.Id).Should().Equal(ids[2]);
    }

    [Fact]
    public async Task Reading_all_streams_the_companys_contacts_in_id_order_and_no_one_elses()
    {
        var other = await Store.EnsureCompanyAsync("globex", None);
        var first = await Contacts.CreateAsync(Company, new ContactValues { Email = "a@x.test" }, None);
        await Contacts.CreateAsync(other, new ContactValues { Email = "a@x.test" }, None);
        var second = await Contacts.CreateAsync(Company, new ContactValues { Email = "b@x.test" }, None);

        var ids = new List<long>();
        await foreach (var c in Contacts.ReadAllAsync(Company, None))
        {
            ids.Add(c.Id);
        }

        ids.Should().Equal(first, second);
    }
}
