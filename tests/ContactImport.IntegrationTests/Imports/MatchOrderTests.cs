using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Imports;

/// <summary>Match order: external_id, then e-mail, then phone; a shared phone matches the oldest contact.</summary>
public sealed class MatchOrderTests
{
    [Theory, BothStores]
    public async Task External_id_matches_before_email_and_email_before_phone(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv(
            "external_id,email,phone,first_name",
            "X1,one@example.com,(415) 555-0111,One",
            ",two@example.com,(415) 555-0122,Two",
            ",three@example.com,(415) 555-0133,Three"));

        var result = await TestCli.ImportAsync(db, db.Csv(
            "external_id,email,phone,city",
            "X1,two@example.com,(415) 555-0122,Rome",
            ",three@example.com,(415) 555-0111,Lima"), "--strategy", "merge");

        result.Counts.Should().Be(Counts.Of(merged: 2));
        var contacts = await db.ContactsAsync();
        contacts.Select(c => (c.FirstName, c.City)).Should().Equal(("One", "Rome"), ("Two", null), ("Three", "Lima"));
        contacts[0].ExtraEmails.Should().Be("two@example.com", "merge keeps the row's differing e-mail as an additional one");
    }

    [Theory, BothStores]
    public async Task Several_contacts_with_one_phone_match_the_oldest(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv(
            "email,phone,first_name",
            "three@example.com,(415) 555-0133,Three",
            "four@example.com,(415) 555-0144,Four"));
        // Four takes Three's phone by an update: now two contacts share it.
        var shared = await TestCli.ImportAsync(db, db.Csv("email,phone", "four@example.com,415-555-0133"), "--strategy", "update");
        shared.Counts.Should().Be(Counts.Of(updated: 1));

        var result = await TestCli.ImportAsync(db, db.Csv("phone,city", "+1 415 555 0133,Oslo"), "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(updated: 1));
        var contacts = await db.ContactsAsync();
        contacts.Select(c => (c.FirstName, c.PhoneE164, c.City)).Should().Equal(
            ("Three", "+14155550133", "Oslo"),
            ("Four", "+14155550133", null));
    }

    [Theory, BothStores]
    public async Task A_row_keyed_only_by_its_external_id_updates_the_contact_it_matches_or_is_inserted(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        await TestCli.ImportAsync(db, db.Csv("external_id,email", "K1,k@example.com"));

        var result = await TestCli.ImportAsync(db, db.Csv(
            "external_id,email,job_title",
            "K1,,Chef",
            "K2,,Cook"), "--strategy", "update");

        result.Counts.Should().Be(Counts.Of(inserted: 1, updated: 1));
        (await db.ContactAsync("k@example.com")).JobTitle.Should().Be("Chef");
        (await db.ContactsAsync()).Select(c => (c.ExternalId, c.Email, c.JobTitle)).Should().Equal(
            ("K1", "k@example.com", "Chef"), ("K2", null, "Cook"));
    }
}
