using ContactImport.Core.Mapping;
using ContactImport.Core.Reading;

namespace ContactImport.Tests.Mapping;

public sealed class HeaderMapperTests
{
    private static ContactField[] Fields(params string[] headers) =>
        [.. HeaderMapper.Suggest(headers).Select(b => b.Field)];

    [Fact]
    public void Generic_snake_case_headers_map_to_their_fields()
    {
        Fields("first_name", "last_name", "email", "phone", "company", "job_title", "city", "country", "tags", "notes", "external_id")
            .Should().Equal(
                ContactField.FirstName, ContactField.LastName, ContactField.Email, ContactField.Phone, ContactField.Company,
                ContactField.JobTitle, ContactField.City, ContactField.Country, ContactField.Tags, ContactField.Notes,
                ContactField.ExternalId);
    }

    [Fact]
    public void An_error_reports_leading_columns_are_ignored_so_a_fixed_report_reimports_cleanly()
    {
        Fields("row", "line", "column", "reason", "email", "phone")
            .Should().Equal(
                ContactField.Ignore, ContactField.Ignore, ContactField.Ignore, ContactField.Ignore, ContactField.Email,
                ContactField.Phone);
    }

    [Fact]
    public void A_column_named_row_elsewhere_stays_a_custom_field()
    {
        Fields("email", "row").Should().Equal(ContactField.Email, ContactField.Custom);
    }

    [Theory]
    [InlineData("First Name", ContactField.FirstName)]
    [InlineData("FIRSTNAME", ContactField.FirstName)]
    [InlineData("Given name", ContactField.FirstName)]
    [InlineData("fname", ContactField.FirstName)]
    [InlineData("Forename", ContactField.FirstName)]
    [InlineData("Surname", ContactField.LastName)]
    [InlineData("Family Name", ContactField.LastName)]
    [InlineData("lname", ContactField.LastName)]
    [InlineData("Name", ContactField.FullName)]
    [InlineData("Full Name", ContactField.FullName)]
    [InlineData("Contact Name", ContactField.FullName)]
    [InlineData("E-mail", ContactField.Email)]
    [InlineData("Email Address", ContactField.Email)]
    [InlineData("mail", ContactField.Email)]
    [InlineData(" Telephone ", ContactField.Phone)]
    [InlineData("Tel.", ContactField.Phone)]
    [InlineData("Phone Number", ContactField.Phone)]
    [InlineData("Organisation", ContactField.Company)]
    [InlineData("Employer", ContactField.Company)]
    [InlineData("Account", ContactField.Company)]
    [InlineData("Position", ContactField.JobTitle)]
    [InlineData("Role", ContactField.JobTitle)]
    [InlineData("Town", ContactField.City)]
    [InlineData("Labels", ContactField.Tags)]
    [InlineData("Groups", ContactField.Tags)]
    [InlineData("Categories", ContactField.Tags)]
    [InlineData("Comments", ContactField.Notes)]
    [InlineData("Description", ContactField.Notes)]
    [InlineData("ID", ContactField.ExternalId)]
    [InlineData("CRM Id", ContactField.ExternalId)]
    [InlineData("Contact ID", ContactField.ExternalId)]
    [InlineData("Favourite colour", ContactField.Custom)]
    public void Header_synonyms_are_detected_ignoring_case_spaces_and_punctuation(string header, ContactField expected)
    {
        HeaderMapper.Suggest([header, "email"])[0].Field.Should().Be(expected);
    }

    [Theory]
    [InlineData("Mobile")]
    [InlineData("Cell")]
    [InlineData("Mobile Phone")]
    [InlineData("WhatsApp")]
    public void Mobile_columns_are_phones_flagged_as_mobile(string header)
    {
        var b = HeaderMapper.Suggest([header])[0];
        b.Field.Should().Be(ContactField.Phone);
        b.IsMobile.Should().BeTrue();
    }

    [Fact]
    public void Title_is_a_job_title_in_a_generic_file()
    {
        Fields("Name", "Email", "Title").Should().Equal(ContactField.FullName, ContactField.Email, ContactField.JobTitle);
    }

    [Fact]
    public void Google_current_headers_map_to_names_emails_phones_and_organization()
    {
        string[] headers =
        [
            "First Name", "Middle Name", "Last Name", "Name Prefix", "Organization Name", "Organization Title",
            "Notes", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
            "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Address 1 - City", "Address 1 - Country",
        ];
        var map = HeaderMapper.Suggest(headers);
        map.Select(b => b.Field).Should().Equal(
            ContactField.FirstName, ContactField.Custom, ContactField.LastName, ContactField.Custom, ContactField.Company,
            ContactField.JobTitle, ContactField.Notes, ContactField.Tags, ContactField.Ignore, ContactField.Email,
            ContactField.Ignore, ContactField.Email, ContactField.Ignore, ContactField.Phone, ContactField.Ignore,
            ContactField.Phone, ContactField.City, ContactField.Country);
        map.Should().OnlyContain(b => !b.IsMobile, "the label is a value, not a header, so header order decides");
        map.Select(b => b.Index).Should().Equal(Enumerable.Range(0, headers.Length));
    }

    [Theory]
    [InlineData("Address 1 - Label")]
    [InlineData("Website 1 - Type")]
    [InlineData("E-mail 3 - Label")]
    public void Labels_of_numbered_groups_are_ignored(string header)
    {
        HeaderMapper.Suggest([header])[0].Field.Should().Be(ContactField.Ignore);
    }

    [Fact]
    public void Google_legacy_headers_map_to_names_and_organization()
    {
        Fields("Name", "Given Name", "Additional Name", "Family Name", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
                "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title")
            .Should().Equal(
                ContactField.FullName, ContactField.FirstName, ContactField.Custom, ContactField.LastName, ContactField.Tags,
                ContactField.Ignore, ContactField.Email, ContactField.Ignore, ContactField.Phone, ContactField.Company,
                ContactField.JobTitle);
    }

    [Fact]
    public void Outlook_headers_map_with_title_as_an_honorific()
    {
        string[] headers =
        [
            "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Job Title", "Business City",
            "Business Country/Region", "Home City", "Business Phone", "Home Phone", "Mobile Phone", "Business Fax",
            "Categories", "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "Notes",
        ];
        var map = HeaderMapper.Suggest(headers);
        map.Select(b => b.Field).Should().Equal(
            ContactField.Custom, ContactField.FirstName, ContactField.Custom, ContactField.LastName, ContactField.Custom,
            ContactField.Company, ContactField.JobTitle, ContactField.City, ContactField.Country, ContactField.City,
            ContactField.Phone, ContactField.Phone, ContactField.Phone, ContactField.Custom, ContactField.Tags,
            ContactField.Email, ContactField.Ignore, ContactField.Ignore, ContactField.Email, ContactField.Notes);
        map.Where(b => b.IsMobile).Select(b => b.Header).Should().Equal("Mobile Phone");
    }

    [Fact]
    public void Title_is_an_honorific_when_the_file_also_has_a_job_title()
    {
        Fields("Title", "Email", "Position").Should().Equal(ContactField.Custom, ContactField.Email, ContactField.JobTitle);
    }

    [Fact]
    public void Explicit_overrides_replace_suggestions()
    {
        var suggested = HeaderMapper.Suggest(["Work Mail", "Handynummer", "Kundennummer", "Email"]);
        var map = HeaderMapper.Apply(suggested, new Dictionary<string, string>
        {
            ["Work Mail"] = "email",
            ["handynummer"] = "phone",
            ["Kundennummer"] = "external_id",
            ["Email"] = "ignore",
        });

        map.Select(b => b.Field).Should().Equal(ContactField.Email, ContactField.Phone, ContactField.ExternalId, ContactField.Ignore);
        map.Select(b => b.Header).Should().Equal("Work Mail", "Handynummer", "Kundennummer", "Email");
    }

    [Fact]
    public void Overriding_a_mobile_column_keeps_it_mobile()
    {
        var map = HeaderMapper.Apply(HeaderMapper.Suggest(["Mobile", "Email"]), new Dictionary<string, string> { ["Mobile"] = "phone" });
        map[0].IsMobile.Should().BeTrue();
    }

    [Fact]
    public void An_override_with_an_unknown_field_is_rejected_with_the_valid_names()
    {
        var act = () => HeaderMapper.Apply(HeaderMapper.Suggest(["Email"]), new Dictionary<string, string> { ["Email"] = "e_mail_addr" });
        act.Should().Throw<ArgumentException>()
            .WithMessage("Unknown field 'e_mail_addr' for column 'Email'; expected one of: first_name, last_name, full_name, email, *");
    }

    [Fact]
    public void An_override_with_an_unknown_header_is_rejected_with_the_found_headers()
    {
        var act = () => HeaderMapper.Apply(HeaderMapper.Suggest(["Email", "Phone"]), new Dictionary<string, string> { ["Mail"] = "email" });
        act.Should().Throw<ArgumentException>()
            .WithMessage("The mapping names column 'Mail', which is not in the file; found headers: Email, Phone.*");
    }

    [Fact]
    public void A_file_without_email_or_phone_columns_is_a_file_error()
    {
        var map = HeaderMapper.Suggest(["Name", "Company", "Favourite colour"]);
        var act = () => HeaderMapper.EnsureEmailOrPhone(map);
        act.Should().Throw<ImportFileException>()
            .WithMessage("No column maps to e-mail, phone or external id*found headers: Name, Company, Favourite colour");
    }

    [Fact]
    public void A_file_with_only_a_phone_column_is_accepted()
    {
        var act = () => HeaderMapper.EnsureEmailOrPhone(HeaderMapper.Suggest(["Name", "Mobile"]));
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData(ContactField.FirstName, "first_name")]
    [InlineData(ContactField.JobTitle, "job_title")]
    [InlineData(ContactField.ExternalId, "external_id")]
    [InlineData(ContactField.Ignore, "ignore")]
    public void Field_names_round_trip(ContactField field, string name)
    {
        ContactFieldNames.ToName(field).Should().Be(name);
        ContactFieldNames.Parse(name).Should().Be(field);
    }

    [Theory]
    [InlineData("FirstName", ContactField.FirstName)]
    [InlineData("Job-Title", ContactField.JobTitle)]
    [InlineData(" EMAIL ", ContactField.Email)]
    public void Field_names_are_parsed_leniently(string name, ContactField expected)
    {
        ContactFieldNames.Parse(name).Should().Be(expected);
    }

    [Fact]
    public void Every_field_has_a_name()
    {
        foreach (var field in Enum.GetValues<ContactField>())
        {
            ContactFieldNames.Parse(ContactFieldNames.ToName(field)).Should().Be(field);
        }
    }
}
