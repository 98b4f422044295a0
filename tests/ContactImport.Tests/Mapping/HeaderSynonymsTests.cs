using ContactImport.Core.Mapping;
using FluentAssertions;

namespace ContactImport.Tests.Mapping;

public sealed class HeaderSynonymsTests
{
    private static ContactField FieldOf(string header) => HeaderMapper.Suggest([header])[0].Field;

    [Theory]
    // Outlook, per language: first name, last name, e-mail.
    [InlineData("Vorname", "Nachname", "E-Mail-Adresse")]
    [InlineData("Prénom", "Nom", "Adresse de messagerie")]
    [InlineData("Nombre", "Apellidos", "Dirección de correo electrónico")]
    [InlineData("Nome", "Cognome", "Indirizzo posta elettronica")]
    [InlineData("Nome", "Sobrenome", "Endereço de email")]
    [InlineData("Voornaam", "Achternaam", "E-mailadres")]
    [InlineData("名", "姓", "電子メール アドレス")]
    [InlineData("Given Name", "Family Name", "E-mail 1 - Value")]
    [InlineData("First Name", "Last Name", "Primary Email")]
    [InlineData("firstName", "lastName", "emailAddress")]
    [InlineData("first_name", "last_name", "email_address")]
    [InlineData("FNAME", "LNAME", "Email Address")]
    public void Localized_and_vendor_name_and_email_headers_map(string first, string last, string email)
    {
        var map = HeaderMapper.Suggest([first, last, email]);

        map.Select(b => b.Field).Should().Equal(ContactField.FirstName, ContactField.LastName, ContactField.Email);
    }

    [Theory]
    [InlineData("Mobiltelefon")]
    [InlineData("Téléphone mobile")]
    [InlineData("Teléfono móvil")]
    [InlineData("Cellulare")]
    [InlineData("Telemóvel")]
    [InlineData("Mobiele telefoon")]
    [InlineData("携帯電話")]
    [InlineData("Mobile Number")]
    [InlineData("mobilePhone")]
    public void Mobile_headers_map_to_a_mobile_phone(string header)
    {
        var binding = HeaderMapper.Suggest([header])[0];

        binding.Field.Should().Be(ContactField.Phone);
        binding.IsMobile.Should().BeTrue();
    }

    [Theory]
    [InlineData("Telefon geschäftlich", ContactField.Phone)]
    [InlineData("TELEFON GESCHAFTLICH", ContactField.Phone)]
    [InlineData("Work Phone", ContactField.Phone)]
    [InlineData("Firma", ContactField.Company)]
    [InlineData("Société", ContactField.Company)]
    [InlineData("Organization 1 - Name", ContactField.Company)]
    [InlineData("Kategorien", ContactField.Tags)]
    [InlineData("Notizen", ContactField.Notes)]
    [InlineData("Customer Number", ContactField.ExternalId)]
    [InlineData("Ort", ContactField.Custom)]
    public void Matching_ignores_case_spacing_punctuation_and_accents(string header, ContactField expected) =>
        FieldOf(header).Should().Be(expected);

    [Fact]
    public void No_header_means_two_different_fields()
    {
        var owners = new Dictionary<string, string>();
        var clashes = new List<string>();
        foreach (var (wireName, headers) in HeaderSynonyms.Table.Append(("phone", HeaderSynonyms.MobilePhone.ToArray())))
        {
            foreach (var key in headers.Select(HeaderMapper.Key))
            {
                if (owners.TryGetValue(key, out var other) && other != wireName)
                {
                    clashes.Add($"{key}: {other} and {wireName}");
                }

                owners[key] = wireName;
            }
        }

        clashes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Straße geschäftlich", "street")]
    [InlineData("Postleitzahl privat", "postal_code")]
    [InlineData("Bundesland", "region")]
    [InlineData("Geburtstag", "birthday")]
    [InlineData("Webseite", "website")]
    public void Synonyms_of_a_field_the_schema_does_not_know_yet_wait_for_it(string header, string wireName)
    {
        var expected = ContactFieldNames.TryParse(wireName, out var field) ? field : ContactField.Custom;

        FieldOf(header).Should().Be(expected);
    }

    [Fact]
    public void Every_wire_name_of_the_table_is_a_field_or_one_the_schema_is_adding()
    {
        string[] coming = ["street", "postal_code", "region", "birthday", "website"];

        HeaderSynonyms.Table.Select(t => t.WireName)
            .Where(n => !ContactFieldNames.TryParse(n, out _))
            .Should().BeSubsetOf(coming);
    }
}
