using ContactImport.Core.Contacts;
using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Mapping;

public sealed class ContactRowMapperTests
{
    private static readonly string[] GenericHeaders =
        ["first_name", "last_name", "email", "phone", "company", "job_title", "city", "country", "tags", "notes", "external_id"];

    private static PreparedRow Prepare(string[] headers, string[] fields, string country = "US", long row = 7, long line = 9,
        bool strict = false) =>
        new ContactRowMapper(HeaderMapper.Suggest(headers), country, new ValueRules(Strict: strict))
            .Prepare(new SourceRow(row, line, fields));

    private static ContactValues Ok(string[] headers, params string[] fields)
    {
        var prepared = Prepare(headers, fields);
        prepared.Error.Should().BeNull();
        return prepared.Values!;
    }

    /// <summary>The row under the strict rule (<c>--strict</c>): any invalid value fails it. The lenient default is
    /// tested in <see cref="LenientValueRuleTests"/>.</summary>
    private static RowError Failed(string[] headers, params string[] fields)
    {
        var prepared = Prepare(headers, fields, strict: true);
        prepared.Values.Should().BeNull();
        prepared.Error.Should().NotBeNull();
        prepared.Error!.Row.Should().Be(7);
        prepared.Error.Line.Should().Be(9);
        return prepared.Error;
    }

    [Fact]
    public void A_generic_row_is_normalized()
    {
        var v = Ok(GenericHeaders,
            "  Zoë ", "O'Brien  Smith", " Zoe.OBrien@Example.com ", "(415) 555-0100 x12", " Acme  Corp ", "Head of Sales",
            "San Francisco", "United States", "vip; Customer, vip", "Met at\nthe fair ", " crm-42 ");

        v.FirstName.Should().Be("Zoë");
        v.LastName.Should().Be("O'Brien Smith");
        v.Email.Should().Be("zoe.obrien@example.com");
        v.Phone.Should().Be("(415) 555-0100 x12");
        v.PhoneKey.Should().Be("+14155550100");
        v.Company.Should().Be("Acme Corp");
        v.JobTitle.Should().Be("Head of Sales");
        v.City.Should().Be("San Francisco");
        v.Country.Should().Be("United States");
        v.Tags.Should().Equal("vip", "Customer");
        v.Notes.Should().Be("Met at\nthe fair ", "notes are kept as given");
        v.ExternalId.Should().Be("crm-42");
        v.Custom.Should().BeEmpty();
    }

    [Fact]
    public void The_prepared_row_keeps_row_line_and_raw_fields()
    {
        string[] fields = ["Anna", "anna@example.com"];
        var prepared = Prepare(["first_name", "email"], fields, row: 3, line: 5);
        prepared.Row.Should().Be(3);
        prepared.Line.Should().Be(5);
        prepared.Raw.Should().BeSameAs(fields);
    }

    [Fact]
    public void A_malformed_source_row_fails_with_its_reader_error()
    {
        var mapper = new ContactRowMapper(HeaderMapper.Suggest(["email"]), "US");
        var prepared = mapper.Prepare(new SourceRow(4, 6, ["x"], "expected 3 fields, found 1"));
        prepared.Values.Should().BeNull();
        prepared.Error.Should().Be(new RowError(4, 6, null, null, "expected 3 fields, found 1"));
    }

    [Fact]
    public void Under_the_strict_rule_an_invalid_email_fails_the_row_with_column_and_raw_value()
    {
        var e = Failed(["first_name", "email"], "Anna", "anna.example.com");
        e.Column.Should().Be("email");
        e.Value.Should().Be("anna.example.com");
        e.Reason.Should().Be("invalid e-mail: missing @");
    }

    [Fact]
    public void Under_the_strict_rule_an_invalid_phone_fails_the_row_even_when_the_email_is_valid()
    {
        var e = Failed(["Email", "Phone"], "anna@example.com", "555-0100");
        e.Column.Should().Be("Phone");
        e.Value.Should().Be("555-0100");
        e.Reason.Should().Be("invalid phone number: too short for US (7 digits, a local number without its area code)");
    }

    [Fact]
    public void Phones_use_the_default_country()
    {
        var v = Prepare(["email", "phone"], ["a@example.com", "020 7946 0958"], country: "GB").Values!;
        v.Phone.Should().Be("020 7946 0958");
        v.PhoneKey.Should().Be("+442079460958");
    }

    [Theory]
    [InlineData("Deutschland")]
    [InlineData("Germany")]
    [InlineData("DE")]
    [InlineData("deu")]
    public void The_rows_own_country_wins_over_the_default_country(string country)
    {
        var v = Prepare(["email", "phone", "country"], ["a@example.com", "0171 1234567", country], country: "US").Values!;
        v.Phone.Should().Be("0171 1234567");
        v.PhoneKey.Should().Be("+491711234567");
        v.Country.Should().Be(country, "the country is stored as written");
    }

    [Fact]
    public void A_country_that_names_no_region_leaves_the_default_country()
    {
        var v = Prepare(["email", "phone", "country"], ["a@example.com", "020 7946 0958", "Middle-earth"], country: "GB").Values!;
        v.PhoneKey.Should().Be("+442079460958");
    }

    [Fact]
    public void An_international_number_keeps_its_own_country_whatever_the_rows_country()
    {
        var v = Prepare(["email", "phone", "country"], ["a@example.com", "+81 3-1234-5678", "España"], country: "US").Values!;
        v.PhoneKey.Should().Be("+81312345678");
    }

    [Fact]
    public void A_national_number_is_read_in_the_rows_country_even_when_written_the_American_way()
    {
        // 0415 is Stade's area code: without a + the row's country decides, as libphonenumber would.
        var v = Prepare(["email", "phone", "country"], ["a@example.com", "(415) 555-0100", "Deutschland"], country: "US").Values!;
        v.PhoneKey.Should().Be("+494155550100");
    }

    [Fact]
    public void An_invalid_number_names_the_rows_country_in_its_reason()
    {
        var prepared = Prepare(["email", "phone", "country"], ["anna@example.com", "0470 12 34", "Belgique"]);
        prepared.Warnings.Single().Reason.Should().Be("invalid phone number: not a valid number for BE");
    }

    [Theory]
    [InlineData("VA", "06 6988 1234", "+390669881234")]
    [InlineData("xk", "043 201 234", "+38343201234")]
    [InlineData("UZ", "90 123 45 67", "+998901234567")]
    public void Any_region_libphonenumber_knows_is_a_default_country(string country, string phone, string expected)
    {
        var v = Prepare(["email", "phone"], ["a@example.com", phone], country: country).Values!;
        v.PhoneKey.Should().Be(expected);
    }

    [Fact]
    public void Under_the_strict_rule_an_invalid_extra_email_fails_the_row()
    {
        var e = Failed(["E-mail 1 - Value", "E-mail 2 - Value"], "anna@example.com", "anna(at)work");
        e.Column.Should().Be("E-mail 2 - Value");
        e.Value.Should().Be("anna(at)work");
        e.Reason.Should().Be("invalid e-mail: contains '('");
    }

    [Fact]
    public void Under_the_strict_rule_an_invalid_extra_phone_fails_the_row()
    {
        var e = Failed(["email", "Mobile Phone", "Business Phone"], "anna@example.com", "415 555 0100", "call reception");
        e.Column.Should().Be("Business Phone");
        e.Value.Should().Be("call reception");
        e.Reason.Should().Be("invalid phone number: no digits");
    }

    [Fact]
    public void A_row_with_only_an_external_id_has_a_key()
    {
        var v = Ok(["first_name", "email", "phone", "external_id"], "Anna", "", "  ", "crm-1");
        v.Email.Should().BeNull();
        v.PhoneKey.Should().BeNull();
        v.Phone.Should().BeNull();
        v.ExternalId.Should().Be("crm-1");
    }

    [Theory]
    [InlineData("notes", 10_001, "value is 10001 characters, the limit for notes is 10000")]
    [InlineData("first_name", 101, "value is 101 characters, the limit for first_name is 100")]
    [InlineData("last_name", 101, "value is 101 characters, the limit for last_name is 100")]
    [InlineData("company", 201, "value is 201 characters, the limit for company is 200")]
    [InlineData("job_title", 201, "value is 201 characters, the limit for job_title is 200")]
    [InlineData("city", 201, "value is 201 characters, the limit for city is 200")]
    [InlineData("country", 201, "value is 201 characters, the limit for country is 200")]
    [InlineData("external_id", 201, "value is 201 characters, the limit for external_id is 200")]
    [InlineData("Favourite colour", 10_001, "value is 10001 characters, the limit for Favourite colour is 10000")]
    public void Under_the_strict_rule_a_value_over_its_limit_fails_the_row(string header, int length, string reason)
    {
        var value = new string('x', length);
        var e = Failed([header, "email"], value, "a@example.com");
        e.Should().Be(new RowError(7, 9, header, value, reason));
    }

    [Theory]
    [InlineData("notes", 10_000)]
    [InlineData("first_name", 100)]
    [InlineData("company", 200)]
    [InlineData("external_id", 200)]
    public void A_value_at_its_limit_is_accepted(string header, int length)
    {
        Prepare([header, "email"], [new string('x', length), "a@example.com"]).Error.Should().BeNull();
    }

    [Fact]
    public void Under_the_strict_rule_a_phone_over_40_characters_fails_the_row()
    {
        var phone = "+1 (415) 555-0100 ext. 1234            9";
        phone += "0";
        var e = Failed(["phone"], phone);
        e.Reason.Should().Be("value is 41 characters, the limit for phone is 40");
    }

    [Fact]
    public void An_email_over_254_characters_fails_the_row()
    {
        var email = new string('a', 60) + "@" + new string('d', 200) + ".com";
        var e = Failed(["email"], email);
        e.Reason.Should().Be("value is 265 characters, the limit for email is 254");
    }

    [Fact]
    public void Under_the_strict_rule_a_tag_over_50_characters_fails_the_row()
    {
        var cell = "ok; " + new string('t', 51);
        var e = Failed(["email", "tags"], "a@example.com", cell);
        e.Column.Should().Be("tags");
        e.Value.Should().Be(cell);
        e.Reason.Should().Be($"tag '{new string('t', 51)}' is 51 characters, the limit for a tag is 50");
    }

    [Fact]
    public void Under_the_strict_rule_more_than_50_tags_fail_the_row()
    {
        var cell = string.Join(";", Enumerable.Range(1, 51).Select(i => $"t{i}"));
        var e = Failed(["email", "tags"], "a@example.com", cell);
        e.Reason.Should().Be("51 tags, the limit is 50");
    }

    [Fact]
    public void Full_name_is_split_when_first_and_last_are_empty()
    {
        var v = Ok(["Full Name", "email"], "  Jean-Luc   Picard ", "jl@example.com");
        v.FirstName.Should().Be("Jean-Luc");
        v.LastName.Should().Be("Picard");
    }

    [Fact]
    public void Full_name_is_ignored_when_a_name_part_has_its_own_column()
    {
        var v = Ok(["Name", "Given Name", "Family Name", "email"], "Dr. Anna Schmidt", "Anna", "", "a@example.com");
        v.FirstName.Should().Be("Anna");
        v.LastName.Should().BeNull();
        v.Custom.Should().BeEmpty();
    }

    [Fact]
    public void Formula_guard_is_stripped_from_every_kind_of_value()
    {
        var v = Ok(["email", "phone", "notes", "company", "Favourite colour"],
            "anna@example.com", "'+1 415 555 0100", "'=1+2", "'-Minus Ltd", "'@blue");
        v.PhoneKey.Should().Be("+14155550100");
        v.Phone.Should().Be("+1 415 555 0100");
        v.Notes.Should().Be("=1+2");
        v.Company.Should().Be("-Minus Ltd");
        v.Custom.Should().Equal(new Dictionary<string, string> { ["Favourite colour"] = "@blue" });
    }

    [Fact]
    public void Formulas_and_sql_looking_text_are_stored_verbatim()
    {
        var v = Ok(["email", "notes", "company"], "a@example.com", "=HYPERLINK(\"http://x\")", "Robert'); DROP TABLE contacts;--");
        v.Notes.Should().Be("=HYPERLINK(\"http://x\")");
        v.Company.Should().Be("Robert'); DROP TABLE contacts;--");
    }

    [Fact]
    public void Unmapped_columns_become_custom_fields_and_empty_ones_are_skipped()
    {
        var v = Ok(["email", "Anniversary", "Favourite colour", "Ignored"], "a@example.com", "1990-01-02", "  ", "x");
        v.Custom.Should().Equal(new Dictionary<string, string> { ["Anniversary"] = "1990-01-02", ["Ignored"] = "x" });
    }

    [Fact]
    public void Ignored_columns_are_dropped()
    {
        var v = Ok(["email", "E-mail 1 - Label"], "a@example.com", "* Home");
        v.Custom.Should().BeEmpty();
    }

    [Fact]
    public void The_first_non_empty_email_in_header_order_is_primary_and_the_rest_are_extra()
    {
        var v = Ok(["E-mail 1 - Value", "E-mail 2 - Value", "E-mail 3 - Value"],
            "", "Work@Example.com ::: home@example.com", "WORK@example.com");
        v.Email.Should().Be("work@example.com");
        v.ExtraEmails.Should().Equal("home@example.com");
    }

    [Fact]
    public void The_primary_phone_prefers_a_mobile_column()
    {
        var v = Ok(["Business Phone", "Home Phone", "Mobile Phone"], "415 555 0100", "(415) 555-0100", "+1 650 555 0199");
        v.Phone.Should().Be("+1 650 555 0199");
        v.PhoneKey.Should().Be("+16505550199");
        v.ExtraPhones.Should().Equal(["415 555 0100"], "the home phone has the same key as the business phone");
    }

    [Fact]
    public void Without_a_mobile_column_the_first_phone_in_header_order_is_primary()
    {
        var v = Prepare(["Phone 1 - Value", "Phone 2 - Value"], ["", "030 123456 ::: 0171 1234567"], country: "DE").Values!;
        v.Phone.Should().Be("030 123456");
        v.PhoneKey.Should().Be("+4930123456");
        v.ExtraPhones.Should().Equal("0171 1234567");
    }

    [Fact]
    public void Several_columns_for_one_scalar_keep_the_first_and_store_the_others_as_custom()
    {
        var v = Ok(["email", "Business City", "Home City", "Other City"], "a@example.com", "", "Berlin", "Hamburg");
        v.City.Should().Be("Berlin");
        v.Custom.Should().Equal(new Dictionary<string, string> { ["Other City"] = "Hamburg" });
    }

    [Fact]
    public void Google_group_membership_drops_the_system_group()
    {
        var v = Ok(["email", "Group Membership"], "a@example.com", "* myContacts ::: Friends ::: Golf Club");
        v.Tags.Should().Equal("Friends", "Golf Club");
    }

    [Fact]
    public void Missing_trailing_fields_count_as_empty()
    {
        var v = Ok(["email", "phone", "company"], "a@example.com");
        v.PhoneKey.Should().BeNull();
        v.Company.Should().BeNull();
    }

    [Fact]
    public void An_unknown_default_country_is_rejected()
    {
        var act = () => new ContactRowMapper(HeaderMapper.Suggest(["email"]), "XX");
        act.Should().Throw<ArgumentException>().WithMessage("Unknown default country 'XX'*");
    }

    [Fact]
    public void Explicitly_mapped_columns_are_used_by_the_mapper()
    {
        var map = HeaderMapper.Apply(HeaderMapper.Suggest(["Kontakt", "Firma"]),
            new Dictionary<string, string> { ["Kontakt"] = "email", ["Firma"] = "company" });
        var v = new ContactRowMapper(map, "DE").Prepare(new SourceRow(1, 2, ["Max@Example.de", "Müller GmbH"])).Values!;
        v.Email.Should().Be("max@example.de");
        v.Company.Should().Be("Müller GmbH");
    }
}

public sealed class ContactRowMapperNewFieldTests
{
    private static readonly string[] Headers = ["Email", "Street", "Zip", "State", "Birthday", "Website"];

    private static PreparedRow Prepare(string[] fields, string country = "US", bool strict = false) =>
        new ContactRowMapper(HeaderMapper.Suggest(Headers), country, new ValueRules(Strict: strict))
            .Prepare(new SourceRow(3, 4, fields));

    [Fact]
    public void Address_birthday_and_website_columns_are_mapped_by_their_plain_english_headers()
    {
        HeaderMapper.Suggest(Headers).Select(b => b.Field).Should().Equal(
            ContactField.Email, ContactField.Street, ContactField.PostalCode, ContactField.Region, ContactField.Birthday,
            ContactField.Website);
        HeaderMapper.Suggest(["Postal Code", "Region", "Province", "Date of Birth", "Web Page", "Home Street"])
            .Select(b => b.Field).Should().Equal(
                ContactField.PostalCode, ContactField.Region, ContactField.Region, ContactField.Birthday, ContactField.Website,
                ContactField.Street);
    }

    [Fact]
    public void The_five_fields_are_normalized_by_the_schema()
    {
        var v = Prepare(["a@x.com", "  1 Main  St \r\n\r\n Apt 2 ", "  SW1A 1AA ", " New   York ", "3/4/1990", " https://x.org/a "]).Values!;
        v.Street.Should().Be("1 Main St\nApt 2");
        v.PostalCode.Should().Be("SW1A 1AA");
        v.Region.Should().Be("New York");
        v.Birthday.Should().Be("1990-03-04");
        v.Website.Should().Be("https://x.org/a");
    }

    [Fact]
    public void A_day_first_country_reads_an_ambiguous_birthday_day_first() =>
        Prepare(["a@x.com", "", "", "", "3/4/1990", ""], "DE").Values!.Birthday.Should().Be("1990-04-03");

    [Fact]
    public void Under_the_strict_rule_an_unreadable_birthday_fails_the_row_with_column_value_and_reason()
    {
        var error = Prepare(["a@x.com", "", "", "", "31/31/1990", ""], strict: true).Error!;
        error.Row.Should().Be(3);
        error.Column.Should().Be("Birthday");
        error.Value.Should().Be("31/31/1990");
        error.Reason.Should().Contain("not a real date");
    }

    [Fact]
    public void Under_the_strict_rule_a_website_without_a_host_fails_the_row()
    {
        var error = Prepare(["a@x.com", "", "", "", "", "my homepage"], strict: true).Error!;
        error.Column.Should().Be("Website");
        error.Reason.Should().Contain("no spaces");
    }

    [Fact]
    public void Under_the_strict_rule_a_postal_code_over_its_limit_fails_the_row()
    {
        var error = Prepare(["a@x.com", "", new string('9', 21), "", "", ""], strict: true).Error!;
        error.Reason.Should().Be("value is 21 characters, the limit for postal_code is 20");
    }

    [Fact]
    public void Our_own_export_header_reimports_without_its_id()
    {
        var map = HeaderMapper.Suggest(ContactCsv.Header.ToList());
        map[0].Field.Should().Be(ContactField.Ignore);
        map.Skip(1).Select(b => ContactFieldNames.ToName(b.Field)).Should().Equal(ContactCsv.Header.Skip(1));
    }
}
