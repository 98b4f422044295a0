using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Merging;
using static ContactImport.Tests.Merging.Build;

namespace ContactImport.Tests.Merging;

public sealed class BatchDeciderTests
{
    private static BatchPlan Decide(DuplicateStrategy strategy, StoredContact[] existing, params ContactValues[] rows) =>
        BatchDecider.Decide([.. rows.Select((v, i) => Row(i + 1, v))], existing, strategy);

    private static long Sum(ImportCounts c) => c.Inserted + c.Updated + c.Merged + c.Unchanged + c.Skipped + c.Failed;

    // ---- Match order -------------------------------------------------------------------------------------

    [Fact]
    public void External_id_is_matched_before_e_mail_and_phone()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));
        var b = Stored(2, Values(email: "b@x.com"));
        var c = Stored(3, Values(phone: "415-555-0100"));

        var plan = Decide(DuplicateStrategy.Merge, [a, b, c],
            Values(ext: "E1", email: "b@x.com", phone: "415-555-0100", first: "Zoe"));

        plan.Updates.Should().ContainSingle().Which.Before.Id.Should().Be(1);
        plan.Counts.Merged.Should().Be(1);
    }

    [Fact]
    public void E_mail_is_matched_before_phone()
    {
        var a = Stored(1, Values(phone: "415-555-0100"));
        var b = Stored(2, Values(email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Merge, [a, b], Values(email: "b@x.com", phone: "415-555-0100", first: "Zoe"));

        plan.Updates.Should().ContainSingle().Which.Before.Id.Should().Be(2);
    }

    [Fact]
    public void An_unknown_external_id_falls_through_to_the_e_mail()
    {
        var a = Stored(1, Values(email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a], Values(ext: "NEW-1", email: "a@x.com"));

        plan.Counts.Updated.Should().Be(1);
        plan.Updates.Should().ContainSingle().Which.After.ExternalId.Should().Be("NEW-1");
        plan.Inserts.Should().BeEmpty();
    }

    [Fact]
    public void Several_contacts_with_one_phone_match_the_lowest_id()
    {
        var existing = new[]
        {
            Stored(7, Values(phone: "415-555-0100")),
            Stored(3, Values(phone: "(415) 555-0100")),
            Stored(5, Values(phone: "415.555.0100")),
        };

        var plan = Decide(DuplicateStrategy.Merge, existing, Values(phone: "415 555 0100", first: "Zoe"));

        plan.Updates.Should().ContainSingle().Which.Before.Id.Should().Be(3);
    }

    [Fact]
    public void The_phone_is_matched_by_its_key_not_its_display_value()
    {
        var a = Stored(1, Values(phone: "(415) 555-0100"));

        var plan = Decide(DuplicateStrategy.Skip, [a], Values(phone: "415.555.0100"));

        plan.Counts.Skipped.Should().Be(1);
    }

    [Fact]
    public void A_phone_a_contact_gave_up_earlier_in_the_batch_no_longer_matches_it()
    {
        var a = Stored(1, Values(email: "a@x.com", phone: "415-555-0100"));

        var plan = Decide(DuplicateStrategy.Update, [a],
            Values(email: "a@x.com", phone: "212-555-0199"),
            Values(phone: "415-555-0100", first: "New"));

        plan.Counts.Should().Be(new ImportCounts(1, 1, 0, 0, 0, 0), "as if the first row were already in the database");
        plan.Updates.Should().ContainSingle().Which.After.PhoneKey.Should().Be("+12125550199");
        plan.Inserts.Should().ContainSingle().Which.FirstName.Should().Be("New");
    }

    [Fact]
    public void A_phone_a_contact_took_earlier_in_the_batch_matches_the_lowest_id_among_its_owners()
    {
        var a = Stored(1, Values(email: "a@x.com", phone: "415-555-0100"));
        var d = Stored(5, Values(email: "d@x.com", phone: "212-555-0199"));

        var plan = Decide(DuplicateStrategy.Update, [a, d],
            Values(email: "a@x.com", phone: "212-555-0199"),
            Values(phone: "212-555-0199", city: "Oslo"));

        plan.Counts.Should().Be(new ImportCounts(0, 2, 0, 0, 0, 0));
        var update = plan.Updates.Should().ContainSingle().Subject;
        update.Before.Id.Should().Be(1);
        update.After.City.Should().Be("Oslo");
    }

    [Fact]
    public void A_shared_phone_falls_to_the_next_oldest_owner_once_the_oldest_gave_it_up()
    {
        var a = Stored(1, Values(email: "a@x.com", phone: "415-555-0100"));
        var b = Stored(2, Values(email: "b@x.com", phone: "415-555-0100"));

        var plan = Decide(DuplicateStrategy.Update, [a, b],
            Values(email: "a@x.com", phone: "212-555-0199"),
            Values(phone: "415-555-0100", city: "Oslo"));

        plan.Updates.Should().HaveCount(2);
        plan.Updates.Single(u => u.Before.Id == 2).After.City.Should().Be("Oslo");
        plan.Updates.Single(u => u.Before.Id == 1).After.City.Should().BeNull();
    }

    // ---- Rows earlier in the batch count like existing contacts ------------------------------------------

    [Fact]
    public void Skip_inserts_the_first_of_three_rows_with_one_e_mail_and_skips_the_others()
    {
        var plan = Decide(DuplicateStrategy.Skip, [],
            Values(email: "a@x.com", first: "One"), Values(email: "a@x.com", first: "Two"), Values(email: "a@x.com"));

        plan.Counts.Should().Be(new ImportCounts(1, 0, 0, 0, 2, 0));
        plan.Inserts.Should().ContainSingle().Which.FirstName.Should().Be("One");
        plan.Updates.Should().BeEmpty();
    }

    [Fact]
    public void Update_applies_later_rows_to_a_contact_inserted_earlier_in_the_batch()
    {
        var plan = Decide(DuplicateStrategy.Update, [],
            Values(email: "a@x.com", first: "One"),
            Values(email: "a@x.com", first: "Two", city: "Oslo"),
            Values(email: "a@x.com", first: "Two"));

        plan.Counts.Should().Be(new ImportCounts(1, 1, 0, 1, 0, 0));
        var insert = plan.Inserts.Should().ContainSingle().Subject;
        insert.FirstName.Should().Be("Two");
        insert.City.Should().Be("Oslo");
        plan.Updates.Should().BeEmpty();
    }

    [Fact]
    public void Merge_applies_later_rows_to_a_contact_inserted_earlier_in_the_batch()
    {
        var plan = Decide(DuplicateStrategy.Merge, [],
            Values(phone: "415-555-0100", first: "One"),
            Values(phone: "415-555-0100", first: "Two", last: "Lee"),
            Values(phone: "415-555-0100", first: "Three"));

        plan.Counts.Should().Be(new ImportCounts(1, 0, 1, 1, 0, 0));
        var insert = plan.Inserts.Should().ContainSingle().Subject;
        insert.FirstName.Should().Be("One");
        insert.LastName.Should().Be("Lee");
    }

    [Fact]
    public void A_row_can_match_an_earlier_row_by_its_external_id()
    {
        var plan = Decide(DuplicateStrategy.Update, [],
            Values(ext: "E1", email: "a@x.com"),
            Values(ext: "E1", first: "Zoe"));

        plan.Counts.Should().Be(new ImportCounts(1, 1, 0, 0, 0, 0));
        var insert = plan.Inserts.Should().ContainSingle().Subject;
        insert.Email.Should().Be("a@x.com");
        insert.FirstName.Should().Be("Zoe");
    }

    // ---- skip --------------------------------------------------------------------------------------------

    [Fact]
    public void Skip_leaves_a_matched_contact_alone_and_writes_nothing()
    {
        var a = Stored(1, Values(email: "a@x.com", first: "Ann"));

        var plan = Decide(DuplicateStrategy.Skip, [a], Values(email: "a@x.com", first: "Bob", tags: ["new"]));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 0, 1, 0));
        plan.Inserts.Should().BeEmpty();
        plan.Updates.Should().BeEmpty();
        plan.Failures.Should().BeEmpty();
        a.Values.FirstName.Should().Be("Ann");
    }

    // ---- update ------------------------------------------------------------------------------------------

    [Fact]
    public void Update_overwrites_present_fields_keeps_the_others_and_adds_tags_case_insensitively()
    {
        var a = Stored(1, Values(
            email: "a@x.com", phone: "415-555-0100", first: "Ann", last: "Lee", company: "Acme", tags: ["VIP", "b2b"],
            custom: [("Source", "web"), ("Other", "keep")]));

        var plan = Decide(DuplicateStrategy.Update, [a], Values(
            email: "a@x.com", phone: "(212) 555-0199", first: "Anna", company: "", tags: ["vip", "new"],
            custom: [("Source", "fair")]));

        plan.Counts.Should().Be(new ImportCounts(0, 1, 0, 0, 0, 0));
        var update = plan.Updates.Should().ContainSingle().Subject;
        update.Before.Should().BeSameAs(a);
        update.Before.Values.FirstName.Should().Be("Ann", "the before-image is the original");
        var after = update.After;
        after.FirstName.Should().Be("Anna");
        after.LastName.Should().Be("Lee");
        after.Company.Should().Be("Acme", "an empty field in the row does not overwrite");
        after.Phone.Should().Be("(212) 555-0199");
        after.PhoneKey.Should().Be("+12125550199", "the key follows the phone");
        after.Tags.Should().Equal("VIP", "b2b", "new");
        after.Custom.Should().Equal(new Dictionary<string, string> { ["Other"] = "keep", ["Source"] = "fair" });
    }

    [Fact]
    public void Update_never_removes_tags()
    {
        var a = Stored(1, Values(email: "a@x.com", tags: ["one", "two"]));

        var plan = Decide(DuplicateStrategy.Update, [a], Values(email: "a@x.com", first: "Zoe"));

        plan.Updates.Should().ContainSingle().Which.After.Tags.Should().Equal("one", "two");
    }

    [Fact]
    public void Update_with_nothing_new_is_unchanged_and_emits_no_update()
    {
        var a = Stored(1, Values(email: "a@x.com", phone: "415-555-0100", first: "Ann", tags: ["VIP"]));

        var plan = Decide(DuplicateStrategy.Update, [a],
            Values(email: "a@x.com", phone: "415-555-0100", first: "Ann", tags: ["vip"]),
            Values(email: "a@x.com"));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 2, 0, 0));
        plan.Updates.Should().BeEmpty();
        plan.Inserts.Should().BeEmpty();
    }

    // ---- merge -------------------------------------------------------------------------------------------

    [Fact]
    public void Merge_fills_only_empty_fields_and_unions_tags_and_extras()
    {
        var a = Stored(1, Values(
            email: "a@x.com", phone: "415-555-0100", first: "Ann", tags: ["x"], extraEmails: ["c@x.com"],
            custom: [("Source", "web")]));

        var plan = Decide(DuplicateStrategy.Merge, [a], Values(
            email: "a@x.com", phone: "(212) 555-0199", first: "Bob", last: "Lee", tags: ["X", "y"],
            extraEmails: ["c@x.com", "d@x.com"], extraPhones: ["646-555-0123"],
            custom: [("Source", "fair"), ("Level", "2")]));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 1, 0, 0, 0));
        var after = plan.Updates.Should().ContainSingle().Subject.After;
        after.FirstName.Should().Be("Ann");
        after.LastName.Should().Be("Lee");
        after.Phone.Should().Be("415-555-0100");
        after.PhoneKey.Should().Be("+14155550100");
        after.Tags.Should().Equal("x", "y");
        after.ExtraEmails.Should().Equal("c@x.com", "d@x.com");
        after.ExtraPhones.Should().BeEquivalentTo("646-555-0123", "(212) 555-0199");
        after.Custom.Should().Equal(new Dictionary<string, string> { ["Level"] = "2", ["Source"] = "web" });
    }

    [Fact]
    public void Merge_keeps_a_differing_primary_e_mail_as_an_additional_one()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Merge, [a], Values(ext: "E1", email: "b@x.com"));

        var after = plan.Updates.Should().ContainSingle().Subject.After;
        after.Email.Should().Be("a@x.com");
        after.ExtraEmails.Should().Equal("b@x.com");
    }

    [Fact]
    public void Merge_fills_an_empty_phone_together_with_its_key()
    {
        var a = Stored(1, Values(email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Merge, [a], Values(email: "a@x.com", phone: "415-555-0100"));

        var after = plan.Updates.Should().ContainSingle().Subject.After;
        after.Phone.Should().Be("415-555-0100");
        after.PhoneKey.Should().Be("+14155550100");
        after.ExtraPhones.Should().BeEmpty();
    }

    [Fact]
    public void Merge_with_nothing_new_is_unchanged()
    {
        var a = Stored(1, Values(email: "a@x.com", first: "Ann", tags: ["VIP"]));

        var plan = Decide(DuplicateStrategy.Merge, [a], Values(email: "a@x.com", first: "Bob", tags: ["vip"]));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 1, 0, 0));
        plan.Updates.Should().BeEmpty();
    }

    // ---- key conflicts -----------------------------------------------------------------------------------

    [Fact]
    public void Update_that_would_give_a_contact_another_contacts_e_mail_fails()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));
        var b = Stored(2, Values(email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a, b], Values(ext: "E1", email: "b@x.com", first: "Zoe"));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 0, 0, 1));
        plan.Updates.Should().BeEmpty();
        var error = plan.Failures.Should().ContainSingle().Subject.Error;
        error.Reason.Should().Be("e-mail belongs to another contact");
        error.Column.Should().Be("email");
        error.Value.Should().Be("b@x.com");
        error.Row.Should().Be(1);
    }

    [Fact]
    public void Merge_that_would_fill_an_empty_e_mail_with_another_contacts_e_mail_fails()
    {
        var a = Stored(1, Values(ext: "E1", phone: "415-555-0100"));
        var b = Stored(2, Values(email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Merge, [a, b], Values(ext: "E1", email: "b@x.com"));

        plan.Failures.Should().ContainSingle().Which.Error.Reason.Should().Be("e-mail belongs to another contact");
        plan.Updates.Should().BeEmpty();
    }

    [Fact]
    public void An_e_mail_released_earlier_in_the_batch_cannot_be_taken_by_another_contact()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));
        var b = Stored(2, Values(ext: "E2", email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a, b],
            Values(ext: "E1", email: "a2@x.com"),
            Values(ext: "E2", email: "a@x.com"));

        plan.Counts.Should().Be(new ImportCounts(0, 1, 0, 0, 0, 1));
        plan.Updates.Should().ContainSingle().Which.Before.Id.Should().Be(1);
        var failure = plan.Failures.Should().ContainSingle().Subject;
        failure.Error.Row.Should().Be(2);
        failure.Error.Reason.Should().Be("e-mail belongs to another contact");
    }

    [Fact]
    public void An_external_id_released_earlier_in_the_batch_cannot_be_taken_by_another_contact()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));
        var b = Stored(2, Values(email: "b@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a, b],
            Values(ext: "E9", email: "a@x.com"),
            Values(ext: "E1", email: "b@x.com"));

        plan.Counts.Should().Be(new ImportCounts(0, 1, 0, 0, 0, 1));
        plan.Updates.Should().ContainSingle().Which.After.ExternalId.Should().Be("E9");
        var error = plan.Failures.Should().ContainSingle().Subject.Error;
        error.Reason.Should().Be("external_id belongs to another contact");
        error.Column.Should().Be("external_id");
        error.Value.Should().Be("E1");
    }

    [Fact]
    public void A_contact_may_take_back_its_own_released_e_mail()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a],
            Values(ext: "E1", email: "a2@x.com"),
            Values(ext: "E1", email: "a@x.com", first: "Zoe"));

        plan.Failures.Should().BeEmpty();
        plan.Updates.Should().ContainSingle().Which.After.Email.Should().Be("a@x.com");
    }

    // ---- rows that fail ------------------------------------------------------------------------------------

    [Fact]
    public void A_row_without_any_key_fails()
    {
        var plan = Decide(DuplicateStrategy.Update, [], Values(first: "Zoe", last: "Lee"));

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 0, 0, 1));
        plan.Inserts.Should().BeEmpty();
        var failure = plan.Failures.Should().ContainSingle().Subject;
        failure.Error.Reason.Should().Be("row has no e-mail, phone or external id");
        failure.Raw.Should().Equal("raw-1");
    }

    [Fact]
    public void A_row_with_only_an_unknown_external_id_is_inserted_by_that_key()
    {
        var plan = Decide(DuplicateStrategy.Update, [Stored(1, Values(ext: "E1", email: "a@x.com"))],
            Values(ext: "E2", first: "Zoe"));

        plan.Failures.Should().BeEmpty();
        plan.Inserts.Should().ContainSingle().Which.ExternalId.Should().Be("E2");
    }

    [Fact]
    public void A_row_with_only_an_external_id_updates_the_contact_it_matches()
    {
        var a = Stored(1, Values(ext: "E1", email: "a@x.com"));

        var plan = Decide(DuplicateStrategy.Update, [a], Values(ext: "E1", city: "Oslo"));

        plan.Counts.Should().Be(new ImportCounts(0, 1, 0, 0, 0, 0));
        plan.Updates.Should().ContainSingle().Which.After.City.Should().Be("Oslo");
    }

    [Fact]
    public void A_row_with_a_preparation_error_fails_with_that_error()
    {
        var error = new RowError(4, 6, "email", "not-an-email", "invalid e-mail address");
        var row = new PreparedRow(4, 6, ["not-an-email", "Zoe"], null, error);

        var plan = BatchDecider.Decide([row], [], DuplicateStrategy.Skip);

        plan.Counts.Should().Be(new ImportCounts(0, 0, 0, 0, 0, 1));
        var failure = plan.Failures.Should().ContainSingle().Subject;
        failure.Error.Should().Be(error);
        failure.Raw.Should().Equal("not-an-email", "Zoe");
    }

    // ---- the plan ----------------------------------------------------------------------------------------

    [Fact]
    public void A_contact_changed_by_several_rows_is_one_update_with_its_original_before_image()
    {
        var a = Stored(1, Values(email: "a@x.com", first: "Ann", tags: ["t0"]));

        var plan = Decide(DuplicateStrategy.Update, [a],
            Values(email: "a@x.com", first: "Anna"),
            Values(email: "a@x.com", last: "Lee", tags: ["t1"]),
            Values(email: "a@x.com", city: "Oslo"));

        plan.Counts.Should().Be(new ImportCounts(0, 3, 0, 0, 0, 0));
        var update = plan.Updates.Should().ContainSingle().Subject;
        update.Before.Should().BeSameAs(a);
        update.Before.Values.FirstName.Should().Be("Ann");
        update.Before.Values.LastName.Should().BeNull();
        update.Before.Values.Tags.Should().Equal("t0");
        update.After.FirstName.Should().Be("Anna");
        update.After.LastName.Should().Be("Lee");
        update.After.City.Should().Be("Oslo");
        update.After.Tags.Should().Equal("t0", "t1");
        plan.Inserts.Should().BeEmpty();
    }

    [Fact]
    public void The_existing_contacts_passed_in_are_not_modified()
    {
        var values = Values(email: "a@x.com", first: "Ann", tags: ["t0"]);
        var a = Stored(1, values);

        Decide(DuplicateStrategy.Merge, [a], Values(email: "a@x.com", last: "Lee", tags: ["t1"]));

        a.Values.Should().BeSameAs(values);
        values.LastName.Should().BeNull();
        values.Tags.Should().Equal("t0");
    }

    [Fact]
    public void An_insert_updated_later_in_the_batch_is_one_insert_with_the_final_values()
    {
        var plan = Decide(DuplicateStrategy.Update, [],
            Values(ext: "E1", email: "a@x.com", first: "One", tags: ["a"]),
            Values(ext: "E1", phone: "415-555-0100", tags: ["b"]),
            Values(email: "a@x.com", first: "Three"));

        plan.Counts.Should().Be(new ImportCounts(1, 2, 0, 0, 0, 0));
        plan.Updates.Should().BeEmpty();
        var insert = plan.Inserts.Should().ContainSingle().Subject;
        insert.ExternalId.Should().Be("E1");
        insert.Email.Should().Be("a@x.com");
        insert.FirstName.Should().Be("Three");
        insert.PhoneKey.Should().Be("+14155550100");
        insert.Tags.Should().Equal("a", "b");
    }

    [Fact]
    public void Counts_sum_to_the_number_of_rows_and_derived_counts_follow()
    {
        var existing = new[]
        {
            Stored(1, Values(email: "a@x.com", first: "Ann")),
            Stored(2, Values(email: "b@x.com", first: "Bob")),
        };
        var rows = new[]
        {
            Values(email: "a@x.com", first: "Anna"),   // updated
            Values(email: "b@x.com", first: "Bob"),    // unchanged
            Values(email: "c@x.com"),                  // inserted
            Values(email: "c@x.com", city: "Oslo"),    // updated (earlier row)
            Values(first: "Nobody"),                   // failed
            Values(phone: "415-555-0100"),             // inserted
            Values(email: "d@x.com"),                  // inserted
        };

        var plan = Decide(DuplicateStrategy.Update, existing, rows);

        var c = plan.Counts;
        c.Should().Be(new ImportCounts(3, 2, 0, 1, 0, 1));
        Sum(c).Should().Be(rows.Length);
        c.Duplicates.Should().Be(3);
        c.Success.Should().Be(6);
        c.Processed.Should().Be(rows.Length);
        plan.Inserts.Should().HaveCount(3);
        plan.Updates.Should().ContainSingle();
        plan.Failures.Should().ContainSingle().Which.Error.Row.Should().Be(5);
    }

    [Fact]
    public void Derived_counts_are_computed_from_the_six_outcomes()
    {
        var c = new ImportCounts(Inserted: 10, Updated: 20, Merged: 30, Unchanged: 40, Skipped: 50, Failed: 60);

        c.Duplicates.Should().Be(20 + 30 + 40 + 50);
        c.Success.Should().Be(10 + 20 + 30 + 40);
        c.Processed.Should().Be(210);
        (c + c).Should().Be(new ImportCounts(20, 40, 60, 80, 100, 120));
        default(ImportCounts).With(RowOutcome.Merged).With(RowOutcome.Failed).Should().Be(new ImportCounts(0, 0, 1, 0, 0, 1));
    }

    [Fact]
    public void Batch_keys_collect_each_key_once_and_ignore_failed_rows()
    {
        var rows = new[]
        {
            Row(1, Values(ext: "E1", email: "a@x.com", phone: "415-555-0100")),
            Row(2, Values(email: "a@x.com", phone: "(415) 555-0100")),
            new PreparedRow(3, 4, [], null, new RowError(3, 4, null, null, "bad")),
        };

        var keys = BatchKeys.From(rows);

        keys.ExternalIds.Should().Equal("E1");
        keys.Emails.Should().Equal("a@x.com");
        keys.PhoneKeys.Should().Equal("+14155550100");
        keys.IsEmpty.Should().BeFalse();
        BatchKeys.From([]).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Phones_are_looked_up_only_for_rows_no_external_id_or_email_matched()
    {
        var rows = new[]
        {
            Row(1, Values(email: "a@x.com", phone: "415-555-0101")),
            Row(2, Values(ext: "E2", email: "new@x.com", phone: "415-555-0102")),
            Row(3, Values(email: "new2@x.com", phone: "415-555-0103")),
            Row(4, Values(phone: "415-555-0104")),
        };
        var keys = BatchKeys.From(rows);
        IReadOnlyList<StoredContact> found =
        [
            Stored(1, Values(email: "a@x.com")),
            Stored(2, Values(ext: "E2", email: "e2@x.com")),
        ];

        keys.PhonesOfUnmatchedRows(rows, found).Should().BeEquivalentTo([KeyOf("415-555-0103"), KeyOf("415-555-0104")]);
        (keys with { PhoneKeys = [] }).PhonesOfUnmatchedRows(rows, found).Should().BeEmpty("only candidate phones count");
    }

    [Theory]
    [InlineData(DuplicateStrategy.Skip)]
    [InlineData(DuplicateStrategy.Update)]
    [InlineData(DuplicateStrategy.Merge)]
    public void Deciding_on_the_two_step_look_up_gives_the_same_plan_as_on_every_match(DuplicateStrategy strategy)
    {
        // Contact 1 owns a@x.com and phone 0101; contacts 2 and 3 share phone 0102 (the oldest wins); contact 4 owns
        // E4. Rows: an e-mail match that also carries another contact's phone, a new e-mail on a shared phone, a
        // phone-only row, an external id match that takes a new phone, and a row that re-uses a phone it released.
        var stored = new[]
        {
            Stored(1, Values(email: "a@x.com", phone: "415-555-0101", first: "Ann")),
            Stored(2, Values(email: "b@x.com", phone: "415-555-0102")),
            Stored(3, Values(email: "c@x.com", phone: "415-555-0102", city: "Oslo")),
            Stored(4, Values(ext: "E4", email: "d@x.com")),
        };
        var rows = new[]
        {
            Row(1, Values(email: "a@x.com", phone: "415-555-0102", last: "Lee")),
            Row(2, Values(email: "new@x.com", phone: "415-555-0102", city: "Rome")),
            Row(3, Values(phone: "415-555-0101", company: "Acme")),
            Row(4, Values(ext: "E4", phone: "415-555-0199", first: "Dan")),
            Row(5, Values(email: "other@x.com", phone: "415-555-0199")),
        };
        var keys = BatchKeys.From(rows);
        bool Matches(StoredContact c, BatchKeys k) =>
            (c.Values.ExternalId is { } e && k.ExternalIds.Contains(e)) || (c.Values.Email is { } m && k.Emails.Contains(m))
            || (c.Values.PhoneKey is { } p && k.PhoneKeys.Contains(p));

        var every = stored.Where(c => Matches(c, keys)).ToList();
        var first = stored.Where(c => Matches(c, keys with { PhoneKeys = [] })).ToList();
        var phones = new BatchKeys([], [], keys.PhonesOfUnmatchedRows(rows, first));
        var twoStep = first.Concat(stored.Where(c => Matches(c, phones))).ToList();

        var expected = BatchDecider.Decide(rows, every, strategy);
        var actual = BatchDecider.Decide(rows, twoStep, strategy);
        actual.Counts.Should().Be(expected.Counts);
        actual.Inserts.Should().BeEquivalentTo(expected.Inserts);
        actual.Updates.Should().BeEquivalentTo(expected.Updates);
        actual.Failures.Should().BeEquivalentTo(expected.Failures);
    }
}
