using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Mapping;

/// <summary>
/// DESIGN.md "Which rows import": a row with a key (a valid e-mail, a valid phone or an external id) imports; an invalid
/// value beside it is kept as written, or left out when over its limit, and reported as a warning. <c>--strict</c>
/// fails the row instead.
/// </summary>
public sealed class LenientValueRuleTests
{
    private static PreparedRow Prepare(string[] headers, string[] fields, ValueRules? rules = null) =>
        new ContactRowMapper(HeaderMapper.Suggest(headers), "US", rules).Prepare(new SourceRow(4, 6, fields));

    private static (ContactValues Values, RowError Warning) Warned(string[] headers, params string[] fields)
    {
        var prepared = Prepare(headers, fields);
        prepared.Error.Should().BeNull();
        var warning = prepared.Warnings.Should().ContainSingle().Subject;
        warning.Level.Should().Be(FindingLevel.Warning);
        (warning.Row, warning.Line).Should().Be((4L, 6L));
        return (prepared.Values!, warning);
    }

    private static RowError StrictError(string[] headers, params string[] fields)
    {
        var prepared = Prepare(headers, fields, ValueRules.StrictRules);
        prepared.Values.Should().BeNull();
        prepared.Warnings.Should().BeEmpty();
        return prepared.Error!;
    }

    [Fact]
    public void An_invalid_phone_beside_a_valid_email_is_kept_as_display_text_without_a_key()
    {
        var (v, warning) = Warned(["Email", "Phone"], "anna@example.com", "0171 1234567 (DE)");

        v.Email.Should().Be("anna@example.com");
        v.Phone.Should().Be("0171 1234567 (DE)");
        v.PhoneKey.Should().BeNull();
        warning.Should().Be(new RowError(4, 6, "Phone", "0171 1234567 (DE)", warning.Reason) { Level = FindingLevel.Warning });
        warning.Reason.Should().StartWith("invalid phone number");
        StrictError(["Email", "Phone"], "anna@example.com", "0171 1234567 (DE)").Reason.Should().Be(warning.Reason);
    }

    [Fact]
    public void A_valid_phone_stays_the_primary_and_an_invalid_one_beside_it_becomes_an_extra_phone()
    {
        var (v, warning) = Warned(["Home Phone", "Mobile Phone"], "call reception", "415 555 0100");

        v.PhoneKey.Should().Be("+14155550100");
        v.Phone.Should().Be("415 555 0100");
        v.ExtraPhones.Should().Equal("call reception");
        warning.Column.Should().Be("Home Phone");
    }

    [Fact]
    public void An_invalid_email_beside_a_valid_phone_is_kept_as_a_custom_field_under_its_header()
    {
        var (v, warning) = Warned(["Phone", "E-mail Address"], "415 555 0100", "anna(at)example.com");

        v.Email.Should().BeNull();
        v.Custom.Should().Equal(new Dictionary<string, string> { ["E-mail Address"] = "anna(at)example.com" });
        warning.Column.Should().Be("E-mail Address");
        warning.Value.Should().Be("anna(at)example.com");
        StrictError(["Phone", "E-mail Address"], "415 555 0100", "anna(at)example.com").Column.Should().Be("E-mail Address");
    }

    [Fact]
    public void The_warning_of_one_invalid_address_in_a_multi_value_cell_names_that_address()
    {
        var (v, warning) = Warned(["E-mail 1 - Value"], "anna@example.com ::: not-an-address");

        v.Email.Should().Be("anna@example.com");
        warning.Value.Should().Be("not-an-address");
        v.Custom["E-mail 1 - Value"].Should().Be("not-an-address");
    }

    [Theory]
    [InlineData("Birthday", "31/31/1990", "not a real date")]
    [InlineData("Website", "my homepage", "no spaces")]
    public void An_unreadable_birthday_or_website_is_kept_as_a_custom_field_under_its_header(string header, string value,
        string reason)
    {
        var (v, warning) = Warned(["Email", header], "a@x.com", value);

        v.Birthday.Should().BeNull();
        v.Website.Should().BeNull();
        v.Custom[header].Should().Be(value);
        warning.Column.Should().Be(header);
        warning.Reason.Should().Contain(reason);
        StrictError(["Email", header], "a@x.com", value).Reason.Should().Be(warning.Reason);
    }

    [Theory]
    [InlineData("notes", 10_001)]
    [InlineData("first_name", 101)]
    [InlineData("company", 201)]
    [InlineData("city", 201)]
    [InlineData("country", 201)]
    [InlineData("postal_code", 21)]
    [InlineData("Favourite colour", 10_001)]
    public void A_value_over_its_limit_beside_a_key_leaves_its_field_empty_and_the_report_keeps_it(string header, int length)
    {
        var value = new string('x', length);

        var (v, warning) = Warned([header, "email"], value, "a@example.com");

        v.Email.Should().Be("a@example.com");
        v.FirstName.Should().BeNull();
        v.Notes.Should().BeNull();
        v.Custom.Should().BeEmpty();
        warning.Value.Should().Be(value);
        warning.Reason.Should().StartWith($"value is {length} characters, the limit for ");
        StrictError([header, "email"], value, "a@example.com").Reason.Should().Be(warning.Reason);
    }

    [Fact]
    public void A_phone_over_its_limit_beside_an_email_is_left_out()
    {
        var phone = new string('5', 41);

        var (v, warning) = Warned(["email", "phone"], "a@example.com", phone);

        v.Phone.Should().BeNull();
        warning.Reason.Should().Be("value is 41 characters, the limit for phone is 40");
    }

    [Fact]
    public void A_tag_over_its_limit_is_left_out_and_a_cell_over_the_tag_count_adds_none()
    {
        var (v, warning) = Warned(["email", "tags"], "a@example.com", "ok; " + new string('t', 51));
        v.Tags.Should().Equal("ok");
        warning.Reason.Should().Be($"tag '{new string('t', 51)}' is 51 characters, the limit for a tag is 50");

        var (many, countWarning) = Warned(["email", "tags"], "a@example.com",
            string.Join(";", Enumerable.Range(1, 51).Select(i => $"t{i}")));
        many.Tags.Should().BeEmpty();
        countWarning.Reason.Should().Be("51 tags, the limit is 50");
    }

    [Fact]
    public void An_email_over_its_limit_fails_the_row_under_either_rule()
    {
        var email = new string('a', 60) + "@" + new string('d', 200) + ".com";

        foreach (var rules in new[] { ValueRules.Lenient, ValueRules.StrictRules })
        {
            var prepared = Prepare(["email", "phone"], [email, "415 555 0100"], rules);
            prepared.Values.Should().BeNull();
            prepared.Error!.Reason.Should().Be("value is 265 characters, the limit for email is 254");
        }
    }

    [Fact]
    public void An_external_id_over_its_limit_fails_the_row_under_either_rule()
    {
        var id = new string('x', 201);

        var prepared = Prepare(["external_id", "email"], [id, "a@example.com"]);

        prepared.Values.Should().BeNull();
        prepared.Error.Should().Be(new RowError(4, 6, "external_id", id, "value is 201 characters, the limit for external_id is 200"));
    }

    [Fact]
    public void A_row_whose_only_key_candidate_is_invalid_fails_with_that_value()
    {
        var prepared = Prepare(["first_name", "email", "phone"], ["Anna", "anna.example.com", ""]);

        prepared.Values.Should().BeNull();
        prepared.Warnings.Should().BeEmpty("the invalid e-mail is the row's error, not also a warning");
        prepared.Error!.Level.Should().Be(FindingLevel.Error);
        prepared.Error.Column.Should().Be("email");
        prepared.Error.Value.Should().Be("anna.example.com");
        prepared.Error.Reason.Should().Be(
            "invalid e-mail: missing @; the row has no other key (a valid e-mail, a valid phone or an external id)");
    }

    [Fact]
    public void A_failed_row_keeps_its_other_warnings_beside_its_error()
    {
        var prepared = Prepare(["email", "phone", "Birthday"], ["", "12", "soon"]);

        prepared.Error!.Column.Should().Be("phone");
        prepared.Warnings.Should().ContainSingle().Which.Column.Should().Be("Birthday");
    }

    [Fact]
    public void A_row_without_any_key_fails()
    {
        var prepared = Prepare(["first_name", "email", "phone"], ["Anna", "", ""]);

        prepared.Error.Should().Be(new RowError(4, 6, null, null, "row has no e-mail, phone or external id"));
    }

    [Fact]
    public void An_external_id_alone_is_a_key()
    {
        var prepared = Prepare(["external_id", "email"], ["crm-7", ""]);

        prepared.Error.Should().BeNull();
        prepared.Values!.ExternalId.Should().Be("crm-7");
    }

    [Fact]
    public void A_valid_row_has_no_warnings()
    {
        Prepare(["email", "phone"], ["a@example.com", "415 555 0100"]).Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Clear_empty_lists_the_fields_whose_cells_are_all_empty()
    {
        string[] headers = ["email", "phone", "City", "Home City", "company", "Birthday"];
        string[] fields = ["a@example.com", "", "", "Oslo", "", "soon"];

        var cleared = Prepare(headers, fields, new ValueRules(ClearEmpty: true)).Values!.Cleared;
        var byDefault = Prepare(headers, fields).Values!.Cleared;

        cleared.Should().BeEquivalentTo([ScalarField.Phone, ScalarField.Company],
            "a city came from another column, and an unreadable birthday is a value (kept as a custom field), not an empty cell");
        byDefault.Should().BeNull();
    }

    [Fact]
    public void Clear_empty_does_not_clear_a_field_whose_other_column_holds_an_invalid_value()
    {
        var prepared = Prepare(["phone", "Email", "Work Email"], ["415 555 0100", "", "not-an-address"],
            new ValueRules(ClearEmpty: true));

        prepared.Values!.Cleared.Should().BeNull("the e-mail kept as written is a value, so the empty Email cell clears nothing");
        prepared.Warnings.Should().ContainSingle().Which.Column.Should().Be("Work Email");
    }
}
