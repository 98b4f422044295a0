using ContactImport.Core.Contacts;
using static ContactImport.Tests.Merging.Build;

namespace ContactImport.Tests.Merging;

public sealed class ContactJsonTests
{
    [Fact]
    public void A_snapshot_round_trip_preserves_every_field()
    {
        var values = new ContactValues
        {
            ExternalId = "crm-42",
            Email = "zoë@example.com",
            Phone = "(415) 555-0100 x12",
            PhoneKey = "+14155550100",
            FirstName = "Zoë",
            LastName = "O'Brien",
            Company = "Acme \"Corp\"",
            JobTitle = "Head of Sales",
            City = "São Paulo",
            Country = "Brazil",
            Notes = "line 1\nline 2, <b>",
            Tags = ["VIP", "b2b", "Ärzte"],
            ExtraEmails = ["z@b.com", "a@b.com"],
            ExtraPhones = ["+44 20 7946 0958", "212-555-0199"],
        };
        values.Custom["Birthday"] = "1990-01-02";
        values.Custom["Source"] = "fair, 2024";
        var importId = Guid.NewGuid();
        var created = new DateTimeOffset(2023, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var updated = new DateTimeOffset(2024, 6, 7, 8, 9, 10, 11, TimeSpan.Zero);
        var contact = new StoredContact(17, values, importId, created, updated, 5);

        var json = ContactJson.SnapshotToJson(contact);
        var back = ContactJson.SnapshotFromJson(17, json);

        back.Id.Should().Be(17);
        back.ImportedFrom.Should().Be(importId);
        back.CreatedAt.Should().Be(created);
        back.UpdatedAt.Should().Be(updated);
        back.Version.Should().Be(5);
        var v = back.Values;
        for (var i = 0; i < ContactValues.ScalarCount; i++)
        {
            v[(ScalarField)i].Should().Be(values[(ScalarField)i], ((ScalarField)i).ToString());
        }

        v.PhoneKey.Should().Be("+14155550100");
        v.Tags.Should().Equal("VIP", "b2b", "Ärzte");
        v.ExtraEmails.Should().Equal("z@b.com", "a@b.com");
        v.ExtraPhones.Should().Equal("+44 20 7946 0958", "212-555-0199");
        v.Custom.Should().Equal(values.Custom);
        v.ContentEquals(values).Should().BeTrue();
    }

    [Fact]
    public void A_snapshot_of_a_sparse_contact_round_trips_with_empty_lists_and_no_import()
    {
        var contact = new StoredContact(3, Values(email: "a@x.com"), null, T0, T0.AddMilliseconds(1), 1);

        var back = ContactJson.SnapshotFromJson(3, ContactJson.SnapshotToJson(contact));

        back.ImportedFrom.Should().BeNull();
        back.Values.Email.Should().Be("a@x.com");
        back.Values.Phone.Should().BeNull();
        back.Values.PhoneKey.Should().BeNull();
        back.Values.Tags.Should().BeEmpty();
        back.Values.Custom.Should().BeEmpty();
        back.UpdatedAt.Should().Be(T0.AddMilliseconds(1));
        back.Values.ContentEquals(contact.Values).Should().BeTrue();
    }

    [Fact]
    public void Snapshot_times_are_kept_to_the_millisecond()
    {
        var precise = T0.AddTicks(1234567);
        var contact = new StoredContact(1, Values(email: "a@x.com"), null, precise, precise, 1);

        var back = ContactJson.SnapshotFromJson(1, ContactJson.SnapshotToJson(contact));

        back.CreatedAt.Should().Be(T0.AddMilliseconds(123));
    }

    [Fact]
    public void A_snapshot_uses_snake_case_names()
    {
        var contact = new StoredContact(1, Values(email: "a@x.com", first: "Ann", extraEmails: ["b@x.com"]), null, T0, T0, 2);

        var json = ContactJson.SnapshotToJson(contact);

        json.Should().Contain("\"first_name\":\"Ann\"").And.Contain("\"extra_emails\":[\"b@x.com\"]")
            .And.Contain("\"created_at\":").And.Contain("\"version\":2");
    }

    [Fact]
    public void Lists_and_custom_fields_round_trip_and_empty_ones_are_null()
    {
        ContactJson.ListToJson([]).Should().BeNull();
        ContactJson.ListFromJson(null).Should().BeEmpty();
        ContactJson.ListFromJson(ContactJson.ListToJson(["b", "A", "ß"])).Should().Equal("b", "A", "ß");

        var custom = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["A"] = "1, \"x\"" };
        ContactJson.CustomToJson(new SortedDictionary<string, string>()).Should().BeNull();
        ContactJson.CustomFromJson("").Should().BeEmpty();
        ContactJson.CustomFromJson(ContactJson.CustomToJson(custom)).Should().Equal(custom);
    }
}
