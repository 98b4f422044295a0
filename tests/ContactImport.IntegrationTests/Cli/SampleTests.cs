using ContactImport.IntegrationTests.Infrastructure;

namespace ContactImport.IntegrationTests.Cli;

/// <summary>The files in samples/ import as their README says, and importing them again inserts nothing.</summary>
public sealed class SampleTests
{
    [Theory, BothStores]
    public async Task Generic_sample_imports_with_its_three_duplicates_two_warnings_and_one_row_without_a_key(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = CsvFiles.Sample("contacts.csv");

        var first = await TestCli.ImportAsync(db, file);
        var second = await TestCli.ImportAsync(db, file);
        var strict = await TestCli.ImportAsync(db, file, "--strict", "--dry-run");

        first.Counts.Should().Be(Counts.Of(inserted: 36, skipped: 3, failed: 1));
        first.Long("warnings").Should().Be(2);
        first.Status.Should().Be("completed_with_errors");
        var errors = await TestCli.ErrorsAsync(db, first.ImportId);
        errors.Select(e => (e.GetProperty("row").GetInt64(), e.GetProperty("level").GetString(), e.GetProperty("reason").GetString()))
            .Should().Equal(
                (37L, "warning", "invalid e-mail: missing @"),
                (38L, "warning", "invalid phone number: too short for US (7 digits, a local number without its area code)"),
                (39L, "error", "row has no e-mail, phone or external id"));
        second.Counts.Should().Be(Counts.Of(skipped: 39, failed: 1));
        second.Long("warnings").Should().Be(0, "skipped rows carry no warnings");
        strict.Counts.Should().Be(Counts.Of(skipped: 37, failed: 3), "--strict fails the rows with an invalid value");
        (await db.ContactsAsync()).Should().HaveCount(36);
        var broken = (await db.ContactsAsync()).Single(c => c.PhoneE164 == "+14155550111");
        broken.Email.Should().BeNull();
        broken.Custom.Should().Contain("broken.email.example.com", "the invalid e-mail is kept under its header");
        var shortPhone = await db.ContactAsync("short.phone@example.com");
        (shortPhone.Phone, shortPhone.PhoneE164).Should().Be(("555-0100", null), "the invalid phone is kept as written, without a key");
        var anna = await db.ContactAsync("anna.schmidt@example.de");
        (anna.FirstName, anna.Company, anna.Tags, anna.PhoneE164).Should().Be(
            ("Anna", "Müller & Söhne GmbH", "customer|vip", "+493012345678"));
    }

    [Theory, BothStores]
    public async Task Google_sample_imports_every_row_with_multi_value_cells(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = CsvFiles.Sample("google.csv");

        var first = await TestCli.ImportAsync(db, file);
        var second = await TestCli.ImportAsync(db, file);

        first.Counts.Should().Be(Counts.Of(inserted: 15));
        second.Counts.Should().Be(Counts.Of(skipped: 15));
        var anna = await db.ContactAsync("anna.schmidt@example.de");
        anna.ExtraEmails.Should().Be("anna@example.org");
        anna.PhoneE164.Should().Be("+491711234567", "the mobile number is the primary phone");
        anna.Tags.Should().Be("Customers", "the * myContacts system group is dropped");
        var hiroshi = await db.ContactAsync("hiroshi.tanaka@example.jp");
        hiroshi.ExtraEmails.Should().Be("h.tanaka@example.com");
    }

    [Theory, BothStores]
    public async Task Outlook_sample_imports_every_row_with_the_mobile_phone_as_primary(StoreKind store)
    {
        await using var db = await StoreDatabase.CreateAsync(store);
        var file = CsvFiles.Sample("outlook.csv");

        var first = await TestCli.ImportAsync(db, file);
        var second = await TestCli.ImportAsync(db, file, "--strategy", "merge");

        first.Counts.Should().Be(Counts.Of(inserted: 15));
        second.Counts.Should().Be(Counts.Of(unchanged: 15));
        var john = await db.ContactAsync("john.carter@example.com");
        (john.JobTitle, john.PhoneE164, john.Tags).Should().Be(("Account Manager", "+13125550199", "Customers|VIP"));
        john.Custom.Should().Contain("Title=Mr.");
    }
}
