using System.Text.RegularExpressions;
using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using ContactImport.Core.Normalization;

namespace ContactImport.Tests.Contacts;

public sealed class ContactSchemaTests
{
    private static readonly string[] NewFields = ["street", "postal_code", "region", "birthday", "website"];

    [Fact]
    public void Every_scalar_slot_belongs_to_exactly_one_field()
    {
        var slots = ContactSchema.Fields.Where(f => f.Slot is not null).Select(f => f.Slot!.Value).ToList();
        slots.Should().OnlyHaveUniqueItems();
        slots.Should().BeEquivalentTo(Enum.GetValues<ScalarField>());
        ContactValues.ScalarCount.Should().Be(Enum.GetValues<ScalarField>().Length);
        foreach (var slot in Enum.GetValues<ScalarField>())
        {
            ContactSchema.For(slot).Slot.Should().Be(slot);
        }
    }

    [Fact]
    public void Names_and_columns_are_unique_snake_case()
    {
        ContactSchema.Fields.Select(f => f.Name).Should().OnlyHaveUniqueItems()
            .And.AllSatisfy(n => Regex.IsMatch(n, "^[a-z][a-z0-9_]*$").Should().BeTrue(n));
        ContactSchema.Fields.Select(f => f.Column).Should().OnlyHaveUniqueItems()
            .And.AllSatisfy(c => Regex.IsMatch(c, "^[a-z][a-z0-9_]*$").Should().BeTrue(c));
        ContactSchema.Fields.Select(f => f.TypeName).Should()
            .BeSubsetOf(["text", "email", "phone", "date", "url", "tags", "multiline"]);
    }

    [Fact]
    public void The_five_address_and_profile_fields_are_part_of_the_schema()
    {
        ContactSchema.Fields.Select(f => f.Name).Should().Contain(NewFields);
        var byName = ContactSchema.Fields.ToDictionary(f => f.Name);
        byName["street"].MaxLength.Should().Be(300);
        byName["street"].Searchable.Should().BeFalse();
        byName["postal_code"].MaxLength.Should().Be(20);
        byName["postal_code"].Searchable.Should().BeTrue();
        byName["region"].Searchable.Should().BeTrue();
        byName["birthday"].Type.Should().Be(FieldType.Date);
        byName["website"].Type.Should().Be(FieldType.Url);
        byName["website"].MaxLength.Should().Be(500);
    }

    [Fact]
    public void Only_external_id_email_and_phone_are_keys()
    {
        ContactSchema.Fields.Where(f => f.IsKey).Select(f => f.Name).Should().BeEquivalentTo("external_id", "email", "phone");
    }

    [Fact]
    public void Every_mapping_target_is_a_field_or_one_of_full_name_custom_and_ignore()
    {
        foreach (var target in Enum.GetValues<ContactField>())
        {
            var field = ContactSchema.For(target);
            if (target is ContactField.FullName or ContactField.Custom or ContactField.Ignore)
            {
                field.Should().BeNull();
            }
            else
            {
                field.Should().NotBeNull(target.ToString());
                ContactFieldNames.ToName(target).Should().Be(field!.Name);
                ContactFieldNames.Parse(field.Name).Should().Be(target);
            }
        }

        ContactFieldNames.Targets.Select(t => t.Name).Should().Equal(ContactFieldNames.All);
        ContactFieldNames.All.Should().HaveCount(ContactSchema.Fields.Length + 3);
        ContactFieldNames.All.TakeLast(2).Should().Equal("custom", "ignore");
    }

    [Fact]
    public void Limits_come_from_the_schema()
    {
        foreach (var field in ContactSchema.Fields.Where(f => f.Slot is not null))
        {
            FieldLimits.For(field.Mapping).Should().Be(field.MaxLength, field.Name);
        }
    }

    [Fact]
    public void The_csv_export_has_our_id_then_every_field()
    {
        ContactCsv.Header.Should().Equal(["id", .. ContactSchema.Fields.Select(f => f.Name)]);
        var values = Filled();
        var row = ContactCsv.Row(new StoredContact(42, values, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1));
        row[0].Should().Be("42");
        foreach (var (field, i) in ContactSchema.Fields.Select((f, i) => (f, i + 1)))
        {
            row[i].Should().Be(field.Slot is { } slot ? values[slot] : "a;b", field.Name);
        }
    }

    [Fact]
    public void A_snapshot_round_trip_preserves_every_field_of_the_schema()
    {
        var values = Filled();
        var back = ContactJson.SnapshotFromJson(9, ContactJson.SnapshotToJson(
            new StoredContact(9, values, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 3)));
        back.Values.ContentEquals(values).Should().BeTrue();
        back.Values.Birthday.Should().Be("--05-17");
    }

    [Fact]
    public void A_before_image_written_before_the_new_fields_existed_still_reads()
    {
        const string json = """
            {"external_id":"x1","email":"a@x.com","phone":"+1 415 555 0100","phone_key":"+14155550100","first_name":"A",
             "tags":["vip"],"extra_emails":[],"extra_phones":[],"custom":{"Dept":"Sales"},
             "imported_from":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","created_at":1700000000000,"updated_at":1700000001000,"version":4}
            """;
        var c = ContactJson.SnapshotFromJson(5, json);
        c.Values.Email.Should().Be("a@x.com");
        c.Values.PhoneKey.Should().Be("+14155550100");
        c.Values.Street.Should().BeNull();
        c.Values.Tags.Should().Equal("vip");
        c.Values.Custom.Should().ContainKey("Dept");
        c.ImportedFrom.Should().Be(Guid.Parse("6f9619ff-8b86-d011-b42d-00cf4fc964ff"));
        c.Version.Should().Be(4);
        c.UpdatedAt.ToUnixTimeMilliseconds().Should().Be(1700000001000);
    }

    [Fact]
    public void Merge_fills_an_empty_street_and_keeps_a_filled_one()
    {
        var stored = new ContactValues { Email = "a@x.com", Region = "CA" };
        var row = new ContactValues { Email = "a@x.com", Street = "1 Main St\nApt 2", Region = "NY", Website = "x.org" };
        ContactMergeRules.ApplyMerge(stored, row);
        stored.Street.Should().Be("1 Main St\nApt 2");
        stored.Website.Should().Be("x.org");
        stored.Region.Should().Be("CA");
    }

    [Fact]
    public void Update_overwrites_every_new_field_given()
    {
        var stored = new ContactValues { Email = "a@x.com", Street = "old", PostalCode = "1", Birthday = "1990-01-01" };
        var row = new ContactValues { Email = "a@x.com", Street = "new", PostalCode = "2", Birthday = "--05-17" };
        ContactMergeRules.ApplyUpdate(stored, row);
        stored.Street.Should().Be("new");
        stored.PostalCode.Should().Be("2");
        stored.Birthday.Should().Be("--05-17");
    }

    [Fact]
    public void Every_field_has_one_stored_column_and_the_phone_its_key_right_after_it()
    {
        var names = ContactColumns.All.Select(c => c.Name).ToList();
        names.Should().OnlyHaveUniqueItems();
        names.Should().Contain(ContactSchema.Fields.Select(f => f.Column));
        names.IndexOf("phone_e164").Should().Be(names.IndexOf("phone") + 1);
        names.TakeLast(3).Should().Equal("extra_emails", "extra_phones", "custom_fields");
        ContactColumns.List.Should().Be(string.Join(", ", names));
    }

    [Fact]
    public void Reading_every_column_and_writing_it_back_gives_the_same_contact()
    {
        var values = Filled();
        values.ExtraEmails.Add("b@x.com");
        values.ExtraPhones.Add("+44 20 7946 0958");
        values.Custom["Dept"] = "Sales";
        var back = new ContactValues();
        foreach (var column in ContactColumns.All)
        {
            column.Write(back, column.Read(values));
        }

        back.ContentEquals(values).Should().BeTrue();
        ContactColumns.All.Single(c => c.Name == "tags").Read(values).Should().Be("""["a","b"]""");
    }

    private static ContactValues Filled()
    {
        var values = new ContactValues { PhoneKey = "+14155550100", Tags = ["a", "b"] };
        foreach (var field in ContactSchema.Scalars)
        {
            values[field.Slot!.Value] = field.Name + " value";
        }

        values.Street = "1 Main St\nApt 2";
        values.Birthday = "--05-17";
        return values;
    }
}
